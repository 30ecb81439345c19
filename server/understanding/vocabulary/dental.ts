import type { Vocabulary } from './types.js';

const r = String.raw;

// Dental: a knocked-out tooth, spreading facial swelling and bleeding that will not stop are emergencies.
export const DENTAL_VOCABULARY: Vocabulary = {
  concepts: {
    knockedOutTooth: r`\b((?<!baby )(tooth|teeth|diente|dientes|muela)\b(?! (is )?loose).{0,30}\b(knocked( \w+)? out|(fell|came|popped|got knocked|was knocked)( \w+)? out|se (le |me )?cayo|se (le |me )?salio)|knock(ed)? (out )?(his|her|my|a|their|the|our) (front |adult |permanent )?(tooth|teeth)( out)?|tumb\w* (un|el|los) diente|se (le |me |nos )?(cayo|salio|tumbo) (un|el|su|mi) (diente|muela)(?! de leche))\b`,
    toothTrauma: r`\b(tooth|teeth|diente|dientes)\b.{0,40}\b(pushed (up |back )?(in|into)|knocked (loose|in|back)|jammed (up|into)|displaced|driven (up|into))\b`,
    facialSwelling: r`\b((face|jaw|cheek|eye|neck|cara|mejilla|quijada|mandibula|cuello|ojo)\b.{0,40}\b(swell\w*|swollen|hinchad\w*|hinchazon)|(swell\w*|swollen|hinchad\w*|hinchazon)\b.{0,40}\b(face|jaw|cheek|eye|neck|cara|mejilla|quijada|mandibula|cuello|ojo))\b`,
    spreading: r`\b(spread\w*|getting (bigger|worse)|worse|fever|can'?t open|eye|neck|throat|swallow\w*|fiebre|se extiende|crece|mas grande|peor)\b`,
    toothPain: r`\b(tooth ?ache|toothache|(tooth|teeth|molar|jaw|dental|gum) (pain|hurts|is killing|aches|is throbbing)|(severe|bad|terrible|killing me|throbbing|unbearable|excruciating|horrible) (tooth|dental|jaw|mouth) ?pain|(my )?(tooth|molar) is killing me|dolor de muelas?|me duele (la|una|el) (muela|diente)|abscess\w*|(broke|cracked|chipped|fractured) (a |my |his |her )?(tooth|molar|front tooth)|lost (a |my )?(filling|crown)|(crown|filling|cap) (came|fell|popped) (off|out)|swollen gums?|muela rota|se me cayo (una|la) (corona|calza))\b`,
  },
  rules: [
    { level: 'URGENT', reason: 'knocked-out tooth', all: ['knockedOutTooth'] },
    { level: 'URGENT', reason: 'tooth knocked out of place', all: ['toothTrauma'] },
    { level: 'URGENT', reason: 'spreading facial swelling', all: ['facialSwelling', 'spreading'] },
    { level: 'HIGH', reason: 'tooth pain or damage', all: ['toothPain'] },
    { level: 'HIGH', reason: 'facial swelling', all: ['facialSwelling'] },
  ],
};
