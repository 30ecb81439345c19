/**
 * Labelled questions for the "Demo Plumbing" knowledge base (server/demo/demo-knowledge.ts), phrased the way
 * callers and chat visitors ask. `answer`: the source title and a phrase of the chunk that answers (any one of
 * several is right); `null`: the material has no answer and search should return nothing.
 */
export interface LabelledQuestion {
  question: string;
  answer: Array<{ source: string; contains: string }> | null;
}

const prices = (contains: string) => ({ source: 'Prices', contains });
const hours = (contains: string) => ({ source: 'Hours and scheduling', contains });
const area = (contains: string) => ({ source: 'Service area', contains });
const emergency = (contains: string) => ({ source: 'Emergency service', contains });
const warranty = (contains: string) => ({ source: 'Warranty and guarantees', contains });
const faq = (contains: string) => ({ source: 'Frequently asked questions', contains });
const about = (contains: string) => ({ source: 'About Demo Plumbing', contains });

export const demoQuestions: LabelledQuestion[] = [
  // Service area
  { question: 'Do you service Round Rock?', answer: [area('Round Rock, Cedar Park')] },
  { question: 'Can you come out to Georgetown?', answer: [area('Round Rock, Cedar Park')] },
  { question: 'Do you go as far as San Marcos?', answer: [area('San Marcos')] },
  { question: 'Is there a trip charge?', answer: [area('trip charge'), area('$75 trip charge')] },
  { question: 'I live in Pflugerville, is that in your area?', answer: [area('Pflugerville')] },
  { question: 'Which cities do you cover?', answer: [area('Round Rock, Cedar Park')] },
  // Prices
  { question: 'What does a drain cleaning cost?', answer: [prices('Drain cleaning of a kitchen')] },
  { question: 'How much do you charge to unclog a bathroom sink?', answer: [prices('Drain cleaning of a kitchen')] },
  { question: 'How much is a service call?', answer: [prices('diagnostic visit costs $89'), faq('$89 diagnostic visit')] },
  { question: 'What is the price for a new water heater?', answer: [prices('Replacing a 40 or 50 gallon tank')] },
  { question: 'How much is a tankless water heater installed?', answer: [prices('Tankless water heater installation')] },
  { question: 'What do you charge to put in a garbage disposal?', answer: [prices('Garbage disposal installation')] },
  { question: 'My toilet keeps running, how much to fix it?', answer: [prices('Toilet repair')] },
  { question: 'How much is a sewer camera inspection?', answer: [prices('sewer camera inspection')] },
  { question: 'What does hydro jetting cost?', answer: [prices('Hydro-jetting')] },
  { question: 'How much does leak detection cost?', answer: [prices('Leak detection costs')] },
  { question: 'Is it more expensive at night?', answer: [prices('after-hours surcharge'), emergency('after-hours surcharge')] },
  { question: 'How much would it cost to repipe my house?', answer: [prices('Repiping a house')] },
  // Hours
  { question: 'Are you open Sunday?', answer: [hours('Sunday: 9 am to 3 pm')] },
  { question: 'What time do you open on Saturday?', answer: [hours('Saturday: 8 am to 4 pm')] },
  { question: 'What are your business hours?', answer: [hours('Monday to Friday: 7 am')] },
  { question: 'Are you open on Christmas?', answer: [hours('closed on Thanksgiving, Christmas')] },
  { question: 'Can I get a same-day appointment?', answer: [hours('Same-day appointments')] },
  { question: 'Is there a fee if I cancel my appointment?', answer: [hours('no cancellation fee')] },
  // Emergencies
  { question: 'A pipe burst in my kitchen, can someone come right now?', answer: [emergency('burst or frozen pipe')] },
  { question: 'How quickly can you get here in an emergency?', answer: [emergency('60 to 90 minutes')] },
  { question: 'Sewage is coming up in my bathtub, is that an emergency?', answer: [emergency('sewage backup')] },
  { question: 'I smell gas in my house, what should I do?', answer: [emergency('leave the house right away')] },
  { question: 'Where do I shut off my water?', answer: [emergency('main shut-off valve')] },
  { question: 'Do you charge extra for emergencies?', answer: [emergency('Emergency visits are charged'), prices('after-hours surcharge')] },
  { question: 'Is your emergency line answered at 2 am?', answer: [hours('emergency line answers 24 hours'), emergency('day or night')] },
  // Warranties
  { question: 'Do you guarantee your work?', answer: [warranty('one-year warranty on labor'), warranty('not happy with the work')] },
  { question: 'What if my drain clogs again after you clean it?', answer: [warranty('clogs again within 90 days')] },
  { question: 'What warranty comes with a new water heater?', answer: [warranty("manufacturer's tank warranty")] },
  // FAQ
  { question: 'Do you take credit cards?', answer: [faq('We accept Visa')] },
  { question: 'Can I finance a water heater?', answer: [faq('can be financed')] },
  { question: 'Are you licensed?', answer: [faq('licensed Texas plumbing contractor')] },
  { question: 'Do you give free estimates?', answer: [faq('Estimates for large jobs')] },
  { question: 'Is there a senior discount?', answer: [faq('Seniors over 65')] },
  { question: 'Do you work on restaurants?', answer: [faq('light commercial')] },
  { question: 'Can you pump my septic tank?', answer: [faq('do not service septic tanks')] },
  { question: 'Do you install water softeners?', answer: [faq('install water softeners')] },
  { question: '¿Hablan español?', answer: [faq('speak Spanish')] },
  { question: 'Does anyone there speak Spanish?', answer: [faq('speak Spanish')] },
  { question: 'Do I have to be home for the appointment?', answer: [faq('needs to be home')] },
  { question: 'Can you move the gas line for my dryer?', answer: [faq('gas lines for stoves, dryers')] },
  // About
  { question: 'How long have you been in business?', answer: [about('founded in 2009')] },
  { question: 'Will the plumber make a mess of my floors?', answer: [about('shoe covers')] },

  // Nothing in the material answers these.
  { question: 'Do you repair car engines?', answer: null },
  { question: 'How much to replace roof shingles?', answer: null },
  { question: 'Do you clean air ducts?', answer: null },
  { question: 'Can you fix my iPhone screen?', answer: null },
  { question: 'Do you sell lawn mowers?', answer: null },
  { question: 'What is the price of a pest control visit?', answer: null },
  { question: 'Do you do window tinting?', answer: null },
  { question: 'Can you upgrade my electrical panel?', answer: null },
  { question: 'Who won the football game last night?', answer: null },
  { question: 'Do you rent out party tents?', answer: null },
  { question: 'What is the weather tomorrow?', answer: null },
  { question: 'Do you offer dog grooming?', answer: null },
];
