/** What the server tells the console at start (`GET /console/config.json`). */
export interface ConsoleConfig {
  oidc: { authority: string; clientId: string; scope: string } | null;
  devSignIn: boolean;
  queueDashboardUrl: string | null;
}

export async function loadConsoleConfig(): Promise<ConsoleConfig> {
  const response = await fetch(new URL('/console/config.json', window.location.origin), { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`The console's configuration could not be loaded (HTTP ${response.status}).`);
  return (await response.json()) as ConsoleConfig;
}
