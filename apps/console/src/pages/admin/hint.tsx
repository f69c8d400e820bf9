import { Text } from '@mantine/core';

/**
 * Secondary text dark enough for WCAG AA on white (4.5:1): Mantine's `dimmed` (gray.6, about
 * 3.3:1) fails axe's colour-contrast check, and so does an input's default description colour.
 * Pass it as an input's `description`, or use `MUTED` as a `c` prop.
 */
export const MUTED = 'gray.7';

export function Hint({ children }: { children: string }) {
  return (
    <Text span inherit c={MUTED}>
      {children}
    </Text>
  );
}

