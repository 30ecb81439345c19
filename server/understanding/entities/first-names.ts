/**
 * Common first names (US census favourites, Hispanic, and frequent others): used only to tell "Chris sent
 * over the estimate" or "– Ben Harlow" from capitalised words that are not people (brands, places, days).
 * A name after a cue ("my name is …", "this is …") needs no list.
 */
export const firstNames = new Set(
  `aaron abby abigail adam adrian adriana aiden aisha alan albert alberto alejandra alejandro alex alexa alexander alexandra alexis
  alfredo alice alicia alison allison alma amanda amber amelia amy ana andre andrea andres andrew andy angel angela angelica angie
  anita ann anna anne annie anthony antonio april ariana ariel arnold arthur arturo ashley audrey austin ava barbara barry beatriz
  becky ben benjamin bernard beth betty beverly bill billy blake bob bobby bonnie brad bradley brandon brenda brendan brent brett
  brian brianna brittany brooke bruce bryan caleb calvin cameron camila carl carla carlos carmen carol caroline carolyn carrie casey
  catherine cathy cecilia cesar chad charles charlie charlotte chelsea cheryl chloe chris christian christina christine christopher
  cindy claire clara claudia clayton cody colin connie connor courtney craig crystal cynthia dakota dale dan dana daniel daniela
  danielle danny darius darlene darren dave david dawn dean deanna debbie deborah debra denise dennis derek devin dev diana diane
  diego dolores dominic don donald donna doris dorothy doug douglas drew dustin dylan eddie edgar eduardo edward edwin eileen elaine
  eleanor elena eli elijah elizabeth ella ellen emily emma enrique eric erica erik erin ernesto esperanza esteban esther ethan eugene
  eva evan evelyn fatima felix fernando frances francisco frank fred gabriel gabriela gabriella gail gary gavin gene george gerald
  gina glen glenn gloria gordon grace greg gregory guadalupe guillermo gustavo hailey haley hannah harold harry hector heather heidi
  helen henry hilda holly howard hugo ian irene iris isaac isabel isabella ivan jack jackie jackson jacob jacqueline jaime jake james
  jamie jan jane janet janice jared jasmine jason javier jay jean jeff jeffrey jenna jennifer jenny jeremy jerry jesse jessica jesus
  jill jim jimmy jo joan joann joanna joe joel john johnny jon jonathan jordan jorge jose joseph josh joshua joy joyce juan juana
  judith judy julia julian julie julio justin kaitlyn karen karina karl kate katherine kathleen kathryn kathy katie kayla keith kelly
  ken kendra kenneth kevin kim kimberly kristen kristin kyle lance larry laura lauren lawrence leah lee leo leon leonard leslie liam
  lillian linda lindsay lisa liz logan lois lori lorraine louis lucas lucia luis luz lydia lynn mackenzie madison maggie malik
  mandy manuel marc marcela marco marcos marcus margaret maria mariah marie marilyn mario marisol mark marsha martha martin marvin mary
  mason matt matthew maureen max maya megan melanie melissa melvin mercedes michael michelle miguel mike mildred miranda molly monica
  morgan nancy naomi natalie nathan nathaniel neil nicholas nick nicole noah nora norma olga olivia omar oscar owen pablo pam pamela
  patricia patrick paul paula pedro peggy penny peter phil philip phillip priya rachel rafael ralph ramon randy raquel raul ray
  raymond rebecca regina renee rhonda ricardo richard rick ricky riley rita rob robert roberta roberto robin rodney rodrigo roger
  ron ronald rosa rose ross roy ruby russell ruth ryan sabrina sally sam samantha samuel sandra sandy sara sarah scott sean sergio
  seth shannon sharon shawn sheila shelby shirley silvia simon sofia sonia sophia stacy stanley stephanie stephen steve steven sue
  susan suzanne sydney sylvia tammy tanya tara taylor ted teresa terri terry theresa thomas tiffany tim timothy tina todd tom tommy
  tony tracy travis trevor troy tyler valerie vanessa veronica vicente victor victoria vincent virginia walter wanda wayne wendy
  whitney william willie xavier yesenia yolanda yvonne zachary zoe wei li jun min hiro kenji yuki raj ravi anil sunil deepak arjun
  amir ali hassan leila yusuf ahmed mohamed muhammad ibrahim`
    .split(/\s+/)
    .filter(Boolean),
);
