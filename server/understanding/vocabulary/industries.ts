import { electric } from './general.js';
import { near, rx, type Rule } from './rule.js';

/**
 * Per-industry dangers (URGENT) and same-day problems (HIGH). `escalate` raises a problem to URGENT when the
 * turn also names a vulnerable person and extreme weather (seed 4.3; label rules in shared/datasets).
 */
const heating = 'heat|heater|heating|furnace|boiler|heat pump|radiators?|calefaccion|calentador|calefactor';
const cooling = 'ac|a c|a/c|air conditioning|air conditioner|air|cooling|central air|mini ?split|aire acondicionado|aire|clima|minisplit';
const outage = "out|(turned|shut|shuts|shutting|kicked|cut) off|is off|stopped|not working|isn'?t blowing (cold|cool)|not blowing (cold|cool)|blowing (hot|warm) air|isn'?t working|stopped working|quit|died|dead|down|broke|broken|went out|gone out|is out|been out|won'?t (turn on|start|come on|kick on|work)|not (turning on|heating|cooling|coming on|blowing)|blowing (cold|warm|hot) air|no (funciona|sirve|prende|enciende|enfria|calienta)|se (apago|descompuso)";

const noHeat: Rule = {
  reason: 'no heat',
  level: 'HIGH',
  match: rx(near(heating, outage, 6), '\\b(no|without) (heat|heating|calefaccion)\\b', '\\b(sin|no (tenemos|hay|tengo)) calefaccion\\b', '\\bno (funciona|sirve|prende) la calefaccion\\b', "\\b(it'?s )?freezing in (here|the house)\\b"),
  escalate: 'vulnerable+weather',
};
const noCooling: Rule = {
  reason: 'no air conditioning',
  level: 'HIGH',
  match: rx(near(cooling, outage + '|shutting (the whole system |it )?off|shuts off|keeps shutting off', 6), '\\b(no|without) (ac|a/c|air conditioning|aire)\\b'),
  escalate: 'vulnerable+weather',
};
const noHotWater: Rule = {
  reason: 'no hot water',
  level: 'HIGH',
  match: rx('\\bno hot water\\b', near('water heater|hot water heater|tankless|calentador de agua|boiler', outage + "|leaking|no calienta|not heating|pilot (light )?(is )?out|won'?t light", 6), '\\b(no hay|sin) agua caliente\\b', '\\b(el )?calentador (de agua )?no calienta\\b'),
};
const lockout: Rule = {
  reason: 'locked out',
  level: 'HIGH',
  match: rx("\\b(locked|lock) (myself|herself|himself|themselves|ourselves|me|her|him|us|them)? ?out\\b", "\\blocked out\\b", "\\bcan'?t get (in|into) (my|the|our|her|his)\\b", '\\bkeys? (are |is )?(locked )?in(side)? (the|my|our) (car|truck|house|apartment)\\b', '\\b(lost|broke) (my|the|our) (only )?(keys?|key fob|fob)\\b', '\\b(locked|lock) (my|the|our) keys? in\\b', '\\b(key fob|fob) (for my \\w+ )?(died|is dead|stopped working)\\b', '\\bspare(\'s| is) (lost|missing|gone)\\b', '\\bme quede (afuera|fuera)\\b', '\\bdeje las llaves\\b'),
  escalate: 'vulnerable|weather',
};
const clog: Rule = {
  reason: 'backed-up drain or toilet',
  level: 'HIGH',
  match: rx(near('drain|drains|sink|toilet|toilets|tub|shower|line|main line|dishwasher|disposal|lavabo|inodoro|bano|drenaje', 'backed up|backing up|clogged|clog|stopped up|overflowing|won\'?t drain|not draining|tapado|tapada|atascado', 5)),
};
const slowLeak: Rule = {
  reason: 'leak',
  level: 'HIGH',
  match: rx(near('leak|leaking|leaks|dripping|drip|gotera|fuga|goteando', 'pipe|faucet|ceiling|roof|under the sink|water heater|toilet|bucket|pan|wall|window|skylight|tubo|techo|llave', 6)),
};
const powerLoss: Rule = {
  reason: 'partial power loss',
  level: 'HIGH',
  match: rx(near('power|electricity|outlets|lights|breaker|gfci|gfi|luz|corriente', "out|went out|stopped working|keeps tripping|tripping|tripped|won'?t reset|dead|not working|no power|half the house|se fue|no hay", 6), '\\bno (power|electricity|luz)\\b'),
};
const carTrouble: Rule = {
  reason: 'car not drivable',
  level: 'HIGH',
  match: rx(near("car|truck|van|suv|vehicle|engine|tire|tires|battery|transmission|carro|coche|camioneta|llanta", "won'?t start|doesn'?t start|dead|flat|losing air|overheating|died|no arranca|ponchada|se calienta", 6)),
};

export const industryRules: Record<string, Rule[]> = {
  plumbing: [noHotWater, clog, slowLeak, { reason: 'no water', level: 'HIGH', match: rx('\\bno (running )?water\\b', '\\b(sin|no hay) agua\\b') }],
  hvac: [noHeat, noCooling, { reason: 'system shutting off', level: 'HIGH', match: rx(near('condensate|drain line|safety switch|float switch', "backing up|backed up|shutting|shuts|tripping|overflowing", 6)) }, noHotWater],
  electrical: [powerLoss, { reason: 'electrical fault', level: 'HIGH', match: rx(near(electric, "not working|dead|flickering|tripping|keeps tripping|loose|warm", 4)) }],
  roofing: [
    { reason: 'rain coming into the house', level: 'URGENT', match: rx(near('rain|water|agua|lluvia', 'pouring in|coming in|pouring onto|pouring into|onto (our|the|my) bed|into the (house|bedroom|living room|attic)|everywhere|entrando', 6), near('tarp|roof|shingles|techo', 'blew off|blown off|ripped off|torn off|caved|collapsed|gone|se volo', 5) + '.*\\b(rain|raining|water|pouring|lluvia|lloviendo)\\b') },
    { reason: 'tree on the house', level: 'HIGH', match: rx(near('tree|limb|branch|arbol', 'fell|came down|crashed|landed', 3) + '.*\\b(through|on|onto|into) (the|our|my) (\\w+ )?(roof|house|home|bedroom|living room|attic|garage)\\b') },
    slowLeak,
    { reason: 'storm damage', level: 'HIGH', match: rx(near('gutter|gutters|tree|limb|branch|shingles|siding|chimney', 'pulled away|dangling|hanging|fell|fallen|crashed|through the roof|ripped|torn', 6)) },
  ],
  locksmith: [lockout, { reason: 'cannot secure the premises', level: 'HIGH', match: rx("\\b(can'?t|cannot|won'?t) (lock|secure|close) (the|my|our) (door|house|store|shop|business)\\b", '\\b(lock|deadbolt) (is )?(broken|jammed|stuck)\\b') }],
  pest_control: [
    { reason: 'stinging insects and an allergic person', level: 'URGENT', match: rx(near('wasps?|bees|hornets?|yellow ?jackets?|avispas|abejas', 'allergic|epipen|swarm|swarming|stung|attacking|inside the house|in the house', 12) + '.*\\b(allergic|epipen|stung|swarm|attack)') },
    { reason: 'snake or scorpion indoors', level: 'URGENT', match: rx(near('snake|rattlesnake|scorpion|vibora|serpiente|alacran|escorpion', 'in the house|inside|in my|in our|bed|bedroom|room|garage|living room|kitchen|crib|under|bit|stung|bitten', 6)) },
  ],
  restoration: [
    { reason: 'water damage', level: 'HIGH', match: rx(near('water|flood|flooded|agua', 'damage|soaked|wet|standing|carpet|drywall|basement', 6)) },
    { reason: 'fire or smoke damage', level: 'HIGH', match: rx(near('fire|smoke|soot', 'damage|damaged|cleanup|clean up|restoration', 4)) },
    noHotWater,
  ],
  med_spa: [
    { reason: 'signs of vascular occlusion after filler', level: 'URGENT', requires: /\b(filler|fillers|injection|injected|injections|relleno|kybella|juvederm|restylane|sculptra|radiesse|lip flip)\b/, match: rx(near('blanching|blanched|white|pale|dusky|purple|bluish|blue|gray|grey|mottled|blotchy|morado|azul|blanco', 'skin|nose|lip|lips|tip|cheek|cheeks|chin|forehead|area|spot|patch|nariz|labio|piel', 5), near('vision|sight|eye|vista|ojo', 'blurry|blurred|double|lost|losing|dark|changes?|borrosa', 4), near('blanching|blanched|white|pale|dusky|purple|blue|bluish|gray|grey|mottled|dark|morado|blanco|azul', 'skin|nose|lip|lips|tip|area|spot|patch|cheek|chin|forehead|filler|injection|nariz|labio|piel', 6) + '.*\\b(filler|injection|injected|kybella|juvederm|restylane|botox|sculptra|radiesse|relleno|inyeccion|pain|painful|hurts|dolor)', near('vision|sight|see|eye|vista|ver', 'blurry|blurred|double|lost|losing|dark|changes?|change|can\'?t|borrosa', 4) + '.*\\b(filler|injection|injected|relleno)') },
    { reason: 'infection or burn after a treatment', level: 'HIGH', match: rx(near('infection|infected|pus|oozing|blister|blistering|blisters|burn|burning|burns|spreading redness|fever|fiebre', 'filler|injection|injection site|botox|laser|peel|chemical peel|treatment|microneedling|kybella|facial|relleno|tratamiento', 8)) },
  ],
  dental: [
    { reason: 'dental trauma or spreading infection', level: 'URGENT', match: rx(near('tooth|teeth|diente|dientes', 'knocked out|knocked loose|pushed (up |back )?in(to)?|jammed (up|into)|displaced|avulsed', 4), '\\b(tooth|teeth|diente) (got |was |just )?(knocked out|fell out|came out|se cayo)\\b', '\\b(knocked out|lost) (a |my |his |her |their )?(front |permanent |adult )?(tooth|teeth)\\b', near('swelling|swollen|hinchazon|hinchada', 'eye|neck|spreading|jaw|can\'?t swallow|breathing|fever|fiebre|ojo|cuello', 8), '\\b(broken|fractured) jaw\\b') },
    { reason: 'dental pain', level: 'HIGH', match: rx(near('tooth|teeth|toothache|molar|filling|crown|braces|wire|bracket|implant|gum|gums|jaw|diente|muela|empaste|corona|frenos', "a lot of pain|lots of pain|severe pain|really bad|throbbing|killing me|excruciating|unbearable|can'?t sleep|can'?t eat|poking|abscess|swollen|swelling|mucho dolor|me duele mucho", 8), '\\b(bad|severe|terrible|awful|horrible) toothache\\b') },
  ],
  legal: [
    { reason: 'someone arrested, detained or being removed now', level: 'URGENT', match: rx(near('arrested|detained|in jail|in custody|taken into custody|picked up by|ice|immigration|deported|deporting|arrestaron|detuvieron|detenido|detenida|migra', 'now|right now|just|tonight|today|husband|wife|son|daughter|brother|sister|mom|dad|father|mother|ahora|hoy|anoche', 8)) },
    { reason: 'eviction or lockout in progress', level: 'URGENT', match: rx(near('sheriff|police|cops|marshal|landlord|constable', 'at my door|at the door|here now|right now|evicting|eviction|changed the locks|locked me out|throwing|kicking us out|removing', 8), near('eviction|evicting|desalojo|desalojando', 'right now|now|today|happening|ahora|hoy', 6)) },
    { reason: 'children taken or at risk now', level: 'URGENT', match: rx(near('kids|children|child|son|daughter|hijos|hijo|hija', 'took|taken|taking|kidnapped|abducted|removed|across state lines|not coming back|cps|won\'?t return|refusing to return|refuses to return|not returning|won\'?t give (her|him|them) back|kept (her|him|them)|withholding|se llevo|se llevaron', 8)) },
    { reason: 'a legal deadline today or tomorrow', level: 'HIGH', match: rx(near('due|deadline|hearing|court|trial|respond|response|answer|statement|summons|served|vence|audiencia|corte|declaracion', 'today|tomorrow|tmrw|tonight|hoy|manana|this morning|this afternoon|in the morning', 8)) },
  ],
  real_estate: [
    { reason: 'a deadline today or tomorrow', level: 'HIGH', match: rx(near('deadline|respond|response|offer|counter|appraisal|inspection|closing|contingency|option period|expires|due', 'today|tomorrow|tmrw|tonight|by \\d|hoy|manana', 8)) },
    noHeat,
    noCooling,
  ],
  auto_repair: [
    { reason: 'unsafe vehicle', level: 'URGENT', match: rx(near('brakes?|frenos', "failed|gave out|give out|gone|went out|quit|stopped working|not working|don'?t work|no brakes|pedal (went|goes) to the floor|fallaron|no sirven", 5), near('car|engine|hood|battery|truck|carro|motor|bateria', 'smoke|smoking|steam|steaming|on fire|flames|fire|hissing|humo|fuego|vapor', 6), '\\b(stalled|stuck|broke down|broken down|died) (on|in) (the )?(highway|freeway|interstate|tracks|railroad|bridge|tunnel|middle of the road)\\b', '\\b(wheel|tire) (came off|fell off)\\b', "\\b(lost|no) (steering|power steering while driving)\\b|\\bsteering (locked|froze)\\b", near('gas|fuel|gasoline|gasolina', 'leaking|leak|dripping|pouring|fuga|smell', 4)) },
    carTrouble,
  ],
};

/** Problems any business may hear about (a tenant's landlord, a homeowner calling a roofer about a pipe). */
export const sharedProblems: Rule[] = [noHeat, noCooling, noHotWater, lockout, clog, powerLoss, carTrouble];
