import { Alert, createTheme, Modal, Notification, type CSSVariablesResolver } from '@mantine/core';

/** Colours of a campaign's status, the same in the calendar, its legend and every badge. */
// Dark enough for white text (AA) on the calendar's bars.
export const STATUS_COLORS = { upcoming: '#1864ab', live: '#1e6b30', ended: '#495057' } as const;

/**
 * Mantine's defaults, made to pass WCAG AA everywhere (axe checks every page in the browser
 * tests): the primary shade dark enough for white text, secondary ("dimmed") text dark enough
 * to read, alert titles in the text colour (a light variant's coloured title on its pale
 * background fails), and every dialog's and notification's close button named.
 */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: 8,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  components: {
    Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-text)' } } }),
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
  },
});

export const cssVariables: CSSVariablesResolver = (current) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': current.colors.gray[7],
    '--mantine-color-error': current.colors.red[8],
    // The text of "light" variants (the active navigation link, hovered too) on their tinted background.
    '--mantine-primary-color-light-color': current.colors.indigo[9],
    '--mantine-primary-color-light-hover': current.colors.indigo[1],
  },
  dark: {},
});
