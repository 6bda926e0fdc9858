// The staff every authorization test asks as: an admin, an officer of the west district, one of the east,
// one of both, and an assistant of the west, each signed in through the API.
import { login, type TestApp } from './app';
import { createAccount, PASSWORD, type TestCity } from './factories';

export type Staff = 'admin' | 'officerHere' | 'officerElsewhere' | 'officerBoth' | 'assistant';

export async function staffTokens(app: TestApp, city: TestCity): Promise<Map<Staff, string>> {
  const tokens = new Map<Staff, string>();
  const make = async (who: Staff, role: 'ADMIN' | 'OFFICER' | 'ASSISTANT', districts: string[] = []) =>
    tokens.set(who, await login(app, (await createAccount(app.db, city, role, { districts })).username, PASSWORD));
  await make('admin', 'ADMIN');
  await make('officerHere', 'OFFICER', [city.west]);
  await make('officerElsewhere', 'OFFICER', [city.east]);
  await make('officerBoth', 'OFFICER', [city.west, city.east]);
  await make('assistant', 'ASSISTANT', [city.west]);
  return tokens;
}
