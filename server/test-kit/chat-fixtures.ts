import type { TestServer } from '../test-kit/server-harness.js';

/** The site a test business lists as its own, and one it does not. */
export const shopOrigin = 'https://shop.example';
export const evilOrigin = 'https://evil.example';

/** A business with the usual lead questions: name, phone (essential in an emergency), email, address. */
export async function createChatBusiness(server: TestServer, overrides: Record<string, unknown> = {}): Promise<string> {
  const created = await server.admin('POST', '/api/businesses', {
    name: 'Acme Plumbing',
    industry: 'plumbing',
    plan: 'FREE',
    ownerPhone: '+15125550122',
    ownerEmail: 'owner@acme.example',
    timezone: 'America/Chicago',
    widgetOrigins: [shopOrigin],
    ...overrides,
  });
  if (created.status !== 201) throw new Error(`business: ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  const questions = [
    { text: 'What is your name?', kind: 'text', field: 'name' },
    { text: 'What phone number can we reach you on?', kind: 'phone', field: 'phone', isEssentialForEmergency: true },
    { text: 'What is your email address?', kind: 'email', field: 'email' },
    { text: 'What is the address of the property?', kind: 'address', field: 'address', isEssentialForEmergency: true },
  ];
  for (const question of questions) {
    const answer = await server.admin('POST', `/api/businesses/${id}/questions`, question);
    if (answer.status !== 201) throw new Error(`question: ${JSON.stringify(answer.body)}`);
  }
  return id;
}
