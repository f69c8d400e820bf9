import { Badge } from '@mantine/core';
import { STATUS_COLORS } from '../../theme';
import type { Status } from './campaigns.api';

const LABELS: Record<Status, string> = { upcoming: 'Upcoming', live: 'Live', ended: 'Ended' };

export function StatusBadge({ status }: { status: Status }) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="dot">
      {LABELS[status]}
    </Badge>
  );
}
