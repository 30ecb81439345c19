import type { Services } from '../services.js';
import { demoKnowledge } from './demo-knowledge.js';

export const demoBusinessName = 'Demo Plumbing';

/**
 * "Demo Plumbing" (PRO, five lead questions, two essential in an emergency, and a knowledge base: service
 * area, prices, hours, emergencies, warranties, FAQ), so a newcomer has something to look at. Seeding twice
 * changes nothing; a demo business from before the knowledge base gets it once.
 */
export function seedDemo({ businesses, questions, knowledge, db }: Pick<Services, 'businesses' | 'questions' | 'knowledge' | 'db'>): { businessId: string; created: boolean } {
  const existing = businesses.list().find((b) => b.name === demoBusinessName);
  if (existing) {
    seedKnowledge(knowledge, existing.id);
    return { businessId: existing.id, created: false };
  }
  const seeded = db.transaction(() => {
    const business = businesses.create({
      name: demoBusinessName,
      industry: 'plumbing',
      plan: 'PRO',
      twilioNumber: '+15125550100',
      ownerPhone: '+15125550199',
      ownerEmail: 'owner@demo-plumbing.example',
      backupPhone: '+15125550198',
      timezone: 'America/Chicago',
      greeting: 'Thanks for calling Demo Plumbing, this is the after-hours assistant. How can I help?',
      widgetOrigins: ['http://localhost:8080'],
    });
    const ask = [
      { text: 'What is your name?', kind: 'text', field: 'name' },
      { text: 'What is the best number to reach you?', kind: 'phone', field: 'phone', isEssentialForEmergency: true },
      { text: 'What is the address of the property?', kind: 'address', field: 'address', isEssentialForEmergency: true },
      { text: 'What is going on with your plumbing?', kind: 'text', field: 'issue' },
      { text: 'When would be a good time for us to come out?', kind: 'date', field: 'preferred_time', required: false },
    ] as const;
    for (const question of ask) questions.create(business.id, question);
    return { businessId: business.id, created: true };
  })();
  seedKnowledge(knowledge, seeded.businessId);
  return seeded;
}

/** Stored at once; embeddings follow in the background when an OpenAI key is set. */
function seedKnowledge(knowledge: Services['knowledge'], businessId: string): void {
  if (knowledge.sources(businessId).length > 0) return;
  knowledge.addNow(businessId, demoKnowledge);
}
