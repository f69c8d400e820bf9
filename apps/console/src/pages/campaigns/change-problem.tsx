import { Alert, Button, List, Text } from '@mantine/core';
import { ApiProblem, describeError } from '../../api/problem';

/**
 * What a refused change says to the person who made it. 412: someone (or another tab) changed
 * the resource since it was loaded; nothing was saved, and reloading shows their change. 409: a
 * rule across resources (an event outside its campaign) names what is in the way.
 */
export function ChangeProblem({ error, what, onReload }: { error: unknown; what: string; onReload: () => void }) {
  if (error instanceof ApiProblem && error.status === 412) {
    return (
      <Alert color="orange" title={`This ${what} was changed meanwhile`} role="alert">
        <Text size="sm">Someone else, or you in another tab, changed it after you opened it. Your change was not saved.</Text>
        <Button mt="sm" size="xs" onClick={onReload}>
          Reload the current version
        </Button>
      </Alert>
    );
  }
  if (error instanceof ApiProblem && error.status === 409) {
    return (
      <Alert color="orange" title="This change conflicts with the schedule" role="alert">
        <Text size="sm">{error.detail}</Text>
        <ConflictDetails body={error.body} />
      </Alert>
    );
  }
  return (
    <Alert color="red" title="The change was not saved" role="alert">
      <Text size="sm">{describeError(error)}</Text>
    </Alert>
  );
}

function ConflictDetails({ body }: { body: Record<string, unknown> }) {
  const items: string[] = [];
  if (typeof body.campaignStartDate === 'string') items.push(`The campaign runs from ${body.campaignStartDate} to ${String(body.campaignEndDate)} (UTC).`);
  if (Array.isArray(body.eventIds)) items.push(`${body.eventIds.length} event(s) would fall outside the campaign: move them first.`);
  if (items.length === 0) return null;
  return (
    <List size="sm" mt="xs">
      {items.map((item) => (
        <List.Item key={item}>{item}</List.Item>
      ))}
    </List>
  );
}
