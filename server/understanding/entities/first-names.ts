// Common given names of US and Latino callers. Used only to accept a name without a cue ("– Ana Boyd")
// or written in lower case; names after "my name is" or a title need not be listed.
const NAMES = `
aaron abby abigail adam adrian adriana aiden aimee alan albert alberto alejandra alejandro alex alexa alexander
alexandra alexis alfredo alice alicia alison allison alma alvaro amanda amber amelia amy ana andre andrea andres
andrew andy angel angela angelica angie anita ann anna anne annie anthony antonio april ariana arthur arturo ashley
audrey austin ava barbara barry beatriz becky ben benjamin bernard beth betty beverly bill billy blake bob bobby
bonnie brad bradley brandon brenda brent brett brian briana brittany brooke bruce bryan caleb cameron camila carl
carla carlos carmen carol carolina caroline carrie casey catherine cecilia celia cesar chad charles charlie
charlotte chelsea cheryl chloe chris christian christina christine christopher cindy claire clara claudia cody
colin connor courtney craig crystal cynthia dale dan dana daniel daniela danielle danny david dawn dean debbie
deborah debra denise dennis derek diana diane diego dolores dominic don donald donna dorothy doug douglas dylan
eddie edgar eduardo edward elena elijah elizabeth ella ellen emily emma enrique eric erica erik erin ernesto
esperanza esteban esther ethan eugene eva evan evelyn fatima felipe fernando frances francisco frank gabriel
gabriela gabriella gail gary gavin george gerardo gina gloria grace graham greg gregory guadalupe guillermo gustavo
hailey hannah harold harry hector heather helen henry hilda holly howard hugo ian irene iris isaac isabel isabella
ivan jack jackie jacob jacqueline jaime jake james jamie jan jane janet janice jared jasmine jason javier jay jean
jeff jeffrey jen jenna jennifer jenny jeremy jerry jesse jessica jesus jill jim jimmy jo joan joanna joe joel john
johnny jon jonathan jordan jorge jose josefina joseph josh joshua joy juan juana judith judy julia julian julie
julio justin karen karina kate katherine kathleen kathy katie kayla keith kelly ken kendra kenneth kevin kim
kimberly kristen kristin kyle larry laura lauren leah lee leonardo leslie liam lillian linda lisa logan lorena
lori louis lucas lucia luis luna luz lydia madison maggie manuel marcela marco marcos margaret maria mariana marie
marilyn mario marisol mark marsha martha martin marvin mary mason matt matthew maureen megan melanie melissa
michael michelle miguel mike mila miranda molly monica morgan nancy natalia natalie nathan neil nicholas nick
nicole noah nora norma olivia omar oscar owen pablo pam pamela patricia patrick paul paula pedro peggy peter
phillip phil rachel rafael ralph ramon randy raquel ray raymond rebecca regina renee ricardo richard rick ricky
rita rob robert roberto robin rocio rodrigo roger ronald ron rosa rosario rose ruby russell ruth ryan sabrina sal
sally salvador sam samantha samuel sandra sara sarah scott sean sergio seth shannon sharon shawn sheila shirley
sofia sonia sophia stacy stephanie stephen steve steven sue susan suzanne tammy tanya tara taylor ted teresa
terry theresa thomas tiffany tim timothy tina todd tom tommy tony tracy travis trevor troy tyler valeria valerie
vanessa veronica vicente victor victoria vincent virginia walter wanda wayne wendy william willie xavier yesenia
yolanda yvonne zach zachary brooke wendy owen anna ray jorge alberto
`;

export const FIRST_NAMES: ReadonlySet<string> = new Set(NAMES.split(/\s+/).filter(Boolean));

// Capitalised words that are not names even where a name could stand.
const NOT_NAMES = `
i im i'm hi hey hello yes yeah no ok okay thanks thank please sorry the a an and or but so it its it's this that
my our your we you they he she his her me us am pm monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december today tomorrow tonight
yesterday ac hvac a/c usa us llc inc co company plumbing electric electrical roofing services service realty
dental spa clinic law group home homes apartments apartment street st avenue ave road rd lane ln drive dr way
boulevard blvd court ct hola buenos buenas dias tardes noches gracias si sí lunes martes miercoles miércoles
jueves viernes sabado sábado domingo hoy mañana ayer calle avenida just also still actually really very not
urgent emergency here there calling call looking wondering trying having going getting just uh um well
google yelp facebook instagram botox dysport kybella juvederm restylane cigna aetna geico allstate state farm
ford toyota honda chevy f-150 tesla nissan jeep dodge bmw audi lexus kia hyundai subaru walgreens walmart target
costco home depot lowes lowe's amazon mr mrs ms dr sr sra srta dra miss doctor attorney officer judge
`;
export const NOT_NAME_WORDS: ReadonlySet<string> = new Set(NOT_NAMES.split(/\s+/).filter(Boolean));
