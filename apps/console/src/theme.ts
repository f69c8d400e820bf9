import { createTheme } from '@mantine/core';

/** Colours of a campaign's status, the same in the calendar, its legend and every badge. */
export const STATUS_COLORS = { upcoming: '#1864ab', live: '#2b8a3e', ended: '#495057' } as const;

export const theme = createTheme({
  primaryColor: 'indigo',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
});
