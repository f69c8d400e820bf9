import { Badge, type BadgeProps } from '@mantine/core';
import { isFinal, statusColor, type JobStatus } from './jobs-model';

export { isFinal };

/** A job's status as a coloured badge that also says it in words (never colour alone). */
export function JobStatusBadge({ status, ...props }: { status: JobStatus } & Omit<BadgeProps, 'color' | 'children'>) {
  return (
    // Never narrowed to an ellipsis by a tight table column: the word is the information.
    <Badge color={statusColor(status)} variant="dot" miw="max-content" {...props}>
      {status}
    </Badge>
  );
}
