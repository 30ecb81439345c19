import type { Vocabulary } from './types.js';

const r = String.raw;

// Auto repair: failing brakes, smoke and fuel leaks are emergencies; a car that will not go is next-day work.
export const AUTO_REPAIR_VOCABULARY: Vocabulary = {
  concepts: {
    brakesFailing: r`\b((brakes?|brake pedal|frenos?)\b.{0,30}\b(fail\w*|gave out|give out|gives out|quit|gone|went out|are out|not working|don'?t work|aren'?t working|stopped working|to the floor|went to the floor|sinking|goes all the way|no (pressure|funcionan)|fallaron|se fueron)|(brakes?|brake pedal)\b.{0,30}\b(soft|spongy|mushy|sinks?)\b|(taking|takes) (longer|forever|a long time) to stop|pedal (goes|went|sinks|sank|is going) (all the way )?to the floor|no brakes|lost (my |the )?brakes|can'?t stop the (car|truck)|sin frenos)\b`,
    fuelLeak: r`\b((leak\w*|dripping|pouring|gotea\w*)\b.{0,20}\b(gas|gasoline|fuel|brake fluid|gasolina)|(gas|fuel|gasoline|gasolina) (is |tank )?(leak\w*|dripping|pouring|gotea\w*)|smell(s|ing)? (of |like )?(gas|gasoline|fuel|gasolina)\b.{0,20}\b(in|inside|from|under) (the |my )?(car|truck|cabin|van|engine|hood))\b`,
    steeringLost: r`\b(steering (went out|failed|locked|gone)|lost (the )?steering|wheel (came|fell) off|wheel (is )?(wobbling|falling off))\b`,
  },
  rules: [
    { level: 'URGENT', reason: 'brakes failing', all: ['brakesFailing'] },
    { level: 'URGENT', reason: 'fuel or brake fluid leak', all: ['fuelLeak'] },
    { level: 'HIGH', reason: 'steering failure', all: ['steeringLost'] },
  ],
};
