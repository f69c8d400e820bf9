import { Text } from '@mantine/core';

/** Secondary text, e.g. an input's `description` (the theme keeps `dimmed` readable: WCAG AA). */
export function Hint({ children }: { children: string }) {
  return (
    <Text span inherit c="dimmed">
      {children}
    </Text>
  );
}
