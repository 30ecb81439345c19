import type { Vocabulary } from './types.js';

const r = String.raw;

// Pest control: most pests are routine; bats near people and stinging swarms are not.
export const PEST_CONTROL_VOCABULARY: Vocabulary = {
  concepts: {
    batContact: r`\b(bats?|murcielagos?)\b.{0,80}\b(?<!(no one|nobody|didn'?t|did not|never|not|nadie|no lo|no la) )(touch\w*|bit|bite|bitten|scratch\w*|landed|baby|babies|child|kid|kids|bedroom|room|sleeping|slept|crib|toco|mordio|cuarto|bebe|nino)\b`,
    stingingAttack: r`\b(bees?|wasps?|hornets?|yellow ?jackets?|swarm\w*|abejas?|avispas?)\b.{0,120}\b(stung|stinging|stings|attack\w*|allergic|epi ?pen|swarming (inside|in the house)|picaron|pico|alergic\w*)\b`,
    venomousSting: r`\b(bit|bitten|stung|pico|mordio)\b.{0,30}\b(rattlesnake|rattler|copperhead|cottonmouth|black widow|brown recluse|scorpions?|vibora|escorpion|alacran)\b`,
    venomous: r`\b(rattlesnake|rattler|copperhead|cottonmouth|black widow|brown recluse|scorpions?|venomous|vibora|escorpion|alacran)\b.{0,40}\b(bit|bite|bitten|stung|crib|bed|bedroom|nursery|inside|baby|toddler\w*|kid|kids|pico|mordio|cuna|bebe)\b`,
    wildlifeBite: r`\b(raccoons?|bats?|fox|foxes|skunks?|coyotes?|possums?|opossums?|squirrels?|stray|feral|rats?|mapache|murcielago|zorro)\b.{0,40}\b(bit|bite|bitten|biting|scratched|attacked|mordio|ataco)\b`,
    snakeIndoors: r`\b(snakes?|culebras?|serpientes?|viboras?)\b.{0,50}\b(in (the|my|our) (house|home|living room|bedroom|kitchen|bathroom|nursery)|inside|under (the|my|our) (couch|bed|crib|sofa)|dentro|adentro)`,
    childrenOrPets: r`\b(kids|children|child|baby|toddler|son|daughter|dog|dogs|cat|cats|puppy|pets?|ninos|hijos|bebe|perro|gato)\b`,
    pestsWithVulnerable: r`\b(rats?|mice|mouse|roach\w*|cockroach\w*|bed ?bugs?|ratas?|ratones|cucarachas?|chinches)\b`,
  },
  rules: [
    { level: 'URGENT', reason: 'bat exposure', all: ['batContact'] },
    { level: 'URGENT', reason: 'stinging attack', all: ['stingingAttack'] },
    { level: 'URGENT', reason: 'venomous bite or sting risk', all: ['venomous'] },
    { level: 'URGENT', reason: 'venomous bite or sting', all: ['venomousSting'] },
    { level: 'URGENT', reason: 'wild animal bite', all: ['wildlifeBite'] },
    { level: 'URGENT', reason: 'snake in the house with children or pets', all: ['snakeIndoors', 'childrenOrPets'], scope: 'turn' },
  ],
};
