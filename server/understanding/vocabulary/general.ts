import { near, rx, then, type Rule } from './rule.js';

// Shared building blocks (folded text: no accents, lower case).
export const electric = "outlet|outlets|plug|socket|panel|breaker|breakers|fuse box|wire|wires|wiring|cord|switch|light fixture|fixture|light|lights|fan|meter|electrical|box|enchufe|contacto|cable|cables|tomacorriente|panel electrico|breaker box";
const burning = 'sparking|sparks|sparked|spark|arcing|smoking|smoke|smoked|burning|burnt|burned|scorched|charred|melted|melting|on fire|flames|fire|chispas|humo|quemado|quemando|derretido';
const water = "water|agua|rain|leak|leaking";
const pouring = 'pouring|gushing|flooding|flooded|spraying|rushing|pours|floods|streaming|running everywhere|everywhere|inches|ankle deep|knee deep|inundado|inundando|inundacion';

export const generalRules: Rule[] = [
  // Gas and carbon monoxide.
  { reason: 'gas smell', level: 'URGENT', match: rx(near('smell|smells|smelled|smelt|smelling|odor|odour|huele|olor|oler', 'gas|propane|natural gas', 4), '\\b(gas leak|leaking gas|gas is leaking|fuga de gas|escape de gas)\\b', near('rotten eggs?|sulfur|sulphur|huevo podrido|huevos podridos', 'smell|smells|smelling|odor|huele|olor', 5)) },
  { reason: 'gas leak signs', level: 'URGENT', match: rx(near('hiss|hissing|hisses|blowing', 'gas|meter|gas line|propane tank', 6)) },
  { reason: 'carbon monoxide', level: 'URGENT', match: rx('\\b(carbon monoxide|monoxido)\\b', near('co|co2|monoxide', 'alarm|detector|going off|beeping|sounding', 4), near('headaches?|dizzy|dizziness|nauseous|nausea|light ?headed|mareo|dolor de cabeza', 'furnace|heater|boiler|fireplace|stove|generator|exhaust|vent|flame', 12), near('flame', 'orange|yellow', 3) + '.*\\b(soot|headache)') },
  // Fire, smoke and electricity.
  { reason: 'fire or smoke', level: 'URGENT', unless: /\b(fire|smoke) (damage|damaged|insurance|restoration|claim|inspection|alarm|detector|detectors)\b/, match: rx(near('smoke|smoking|flames|on fire|fire|humo|fuego|llamas', 'coming out|coming from|pouring out|from the|out of|in the|unit|appliance|furnace|dryer|oven|attic|wall|walls|roof|house|kitchen|garage|battery|engine|hood|sale|saliendo', 5), '\\b(house|kitchen|garage|attic|dryer|oven|stove|wall|basement|car|truck) (is |caught |catching )?on fire\\b', '\\b(se esta quemando|incendio)\\b') },
  { reason: 'sparking, burning or hot electrics', level: 'URGENT', unless: /\b(burn(ed|t)?|blown) out\b|\bbulbs? (burned|burnt|blew)\b/, match: rx(near(electric, burning, 5), near(electric, 'buzzing|humming|crackling|popping|sizzling', 5) + '.*\\b(hot|warm|burning|smell|smoke|crackl)', near(electric, 'too hot to touch|hot to the touch|very hot|really hot|super hot|is hot|are hot|and hot|caliente|muy caliente', 6), '\\b(burning (plastic |electrical )?smell|smell(s)? like (burning|burnt) (plastic|wires|rubber)|electrical fire)\\b', near('crackling|crackles|arcing', electric + '|water', 8)) },
  { reason: 'electric shock', level: 'URGENT', match: rx('\\b(got|get|getting|was|been) (shocked|electrocuted)\\b', '\\b(shocked|zapped) (me|him|her|us) when\\b', '\\b(me dio|le dio) (una )?(descarga|toque)\\b', near('shock|shocked|zapped', 'touched|touch|touching', 4)) },
  { reason: 'water in electrics', level: 'URGENT', match: rx(near('water|dripping|leaking|wet|agua', 'panel|breaker box|electrical box|outlet|light fixture|fixture|wiring', 6), near('water|agua', 'through the light|out of the light|from the light|light fixture|ceiling light', 6)) },
  // Water.
  { reason: 'active flooding', level: 'URGENT', match: rx(near(water + '|pipe|main|line|main line', pouring, 6), '\\b(pipe|pipes|main|line|hose|supply line) (burst|bursts|bursted|busted|broke|broken|split|exploded)\\b', '\\b(burst|bursted|busted|broken) (pipe|pipes|main|water line)\\b', '\\b(like a geyser|geyser)\\b', '\\b(house|basement|kitchen|bathroom|garage) is (flooding|flooded)\\b', '\\bse (rompio|reventó|revento) (un|el|la) (tubo|tuberia|cano)\\b', near('agua', 'por todas partes|por todos lados|saliendo a chorros|a chorros', 4)) },
  { reason: 'water through the ceiling', level: 'URGENT', match: rx(near(water + '|dripping', 'through the ceiling|from the ceiling|ceiling is|ceiling caving|ceiling collapsed|coming through|del techo|por el techo', 6), '\\bceiling (is )?(caving|collapsing|sagging with water|falling)\\b') },
  { reason: 'sewage backing up', level: 'URGENT', match: rx(near('sewage|sewer|raw sewage|aguas negras|drenaje', 'backing up|backed up|coming up|overflowing|flooding|everywhere|into the house|in the basement|in the tub|in the shower|saliendo', 6)) },
  { reason: 'rain coming into the house', level: 'URGENT', match: rx(near('rain|raining|water|lluvia|agua', "coming (right )?in(to)?|pouring (in|into|onto|through|down)|leaking into|into (the|our|my) (house|home|bedroom|living room|kitchen|attic|bed|hallway)|onto (our|the|my) (bed|floor|furniture)|entrando", 6) + '.*\\b(roof|ceiling|tarp|hole|window|skylight|storm|techo)\\b', near('hole|tarp|roof|skylight|techo', 'rain|raining|pouring|lluvia|lloviendo', 10) + '.*\\b(in|into|inside|onto|coming|entrando)\\b') },
  // People and animals in danger.
  { reason: 'a child or pet locked in a car', level: 'URGENT', match: rx(near('baby|child|kid|toddler|infant|son|daughter|dog|puppy|cat|pet|bebe|nino|nina|perro|gato', 'locked in|stuck in|trapped in|encerrado|encerrada', 4) + '.*\\b(car|truck|van|suv|vehicle|carro|coche|camioneta)\\b', near('locked in|stuck in|trapped in', 'hot car|the car|my car|the truck|the van', 3) + '.*\\b(baby|child|kid|dog|cat|toddler|infant|puppy)\\b') },
  { reason: 'someone trapped or locked in', level: 'URGENT', match: rx(near('baby|child|kid|toddler|infant|grandma|grandpa|elderly|someone|somebody|person', 'trapped|locked in|stuck inside|can not get out|cant get out|can\'t get out', 4)) },
  { reason: 'medical emergency', level: 'URGENT', match: rx("\\b(can'?t breathe|cannot breathe|can'?t breath|hard to breathe|trouble breathing|difficulty breathing|struggling to breathe|no puede respirar|no puedo respirar)\\b", near('throat', 'tight|tightening|closing|swelling|swollen|closing up', 4), near('lips|tongue|face|labios|lengua', 'swelling|swollen|swell|hinchados|hinchada|hinchando', 4), "\\b(hard to swallow|can'?t swallow|trouble swallowing|no puedo tragar)\\b", '\\b(anaphylaxis|anaphylactic|allergic reaction|unconscious|passed out|not breathing|seizure|chest pain|heart attack|stroke|fainted|desmayo|convulsion)\\b', near('bleeding|blood|sangrando|sangre', "won'?t stop|wont stop|not stopping|can'?t stop|cant stop|keeps bleeding|a lot of blood|lots of|so much|no para|mucha", 5)) },
  { reason: 'a bat or wild animal in contact with a person', level: 'URGENT', match: rx(near('bat|bats|raccoon|murcielago', 'touched|bit|bitten|scratched|baby|child|room|bedroom|sleeping|mordio|toco', 8)) },
  // Security.
  { reason: 'break-in, premises not secure', level: 'URGENT', match: rx(near('broke in|break in|break-in|broken into|burglar|burglary|robbed|intruder|forced entry|kicked in|robaron|se metieron', "can'?t lock|cannot lock|won'?t lock|wont lock|door is broken|door broken|lock is broken|no lock|not secure|can'?t secure|wide open|broken door|no cierra|no puedo cerrar", 12), near('door|lock|window', "kicked in|smashed|broken in", 3)) },
];

/** Phrases that look like danger but mean something else ("this deal is fire", "fire pit", "out of gas"). */
export const otherSenses: RegExp[] = [
  /\b(deal|price|prices|this|that|it|sale|offer|promo|track|song|outfit|food|pizza)(\s+(is|was|are|'s|s))?\s+(fire|lit|a killer|killer|smoking|hot)\b/,
  /\bfire (pit|pits|place|places|wood|sale|sales|department|dept|station|extinguisher|extinguishers|alarm inspection|inspection|code|rated|rating|ant|ants|fighter|fighters|drill|escape|proof|resistant|door|doors|hydrant)\b/,
  /\b(fireplace|firewood|firepit|firefighter|firework|fireworks|campfire|bonfire|fire-?rated)\b/,
  /\b(killer|smoking|hot) (deal|deals|price|prices|sale|special|specials)\b/,
  /\bgas (station|stations|mileage|prices|price|bill|bills|pedal|cap|tank|card|can|money|grill|fireplace insert|dryer hookup|line install|range install|stove install|log|logs)\b/,
  /\b(out of|ran out of|low on|need|filled up with|fill up with|fill up the) gas\b/,
  /\b(flooded|flooding) with (calls|orders|emails|requests|messages|work|texts)\b/,
  /\bflood (of|zone|insurance|plain|light|lights)\b/,
  /\b(shocked|shocking) (by|at|to see|to hear|how|that|the price|the bill)\b/,
  /\b(burning|smoking) (question|questions|hot deal|deal)\b/,
  /\b(fire|fired) (him|her|them|the guy|my|our|your|someone|somebody|a client|an employee)\b/,
  /\bsmoke (detector|detectors|alarm|alarms) (battery|batteries|chirp|chirping|beep|beeping|install|installation|replacement|inspection)\b/,
  /\b(chirp|chirping) (smoke|co) (detector|alarm)\b/,
  /\b(drowning|flooded) in (work|paperwork|bills|debt|emails)\b/,
  /\bblowing up (my|our|the) (phone|inbox)\b/,
  /\bon fire (lately|today|this season)\b/,
];

/** Phrases that make what follows a question about a service, not a report ("do you handle gas leaks?"). */
export const serviceQuestion = /\b(do|does|can|could|will|would) (you|u|ya|your (team|company|guys|techs?)|y'?all|you guys|anyone|someone) (handle|handles|do|fix|fixes|repair|repairs|service|services|deal with|respond to|work on|take care of|come out for|cover|offer|charge for|help with|treat|remove)\b|\b(do you|are you) (an? )?(emergency|24\/?7|24 hour|after hours)\b|\bhow (much|long) (is|does|would|will|for|to)\b|\b(what|how much) (do|does|would|will) (you|it|that) (charge|cost|run)\b|\bwhat (do you|would you) charge\b|\b(cost|price) (of|for|to)\b|\b(atienden|reparan|arreglan) (fugas|emergencias)\b/;
