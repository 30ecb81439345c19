import type { SourceKind } from '../knowledge/repository.js';

/**
 * The knowledge base of "Demo Plumbing": what a real small plumbing company in the Austin area would paste in
 * or upload. The labelled questions in server/knowledge/eval/demo-questions.ts are answered from these
 * sources (by title and a phrase of the answering chunk); keep the two in step.
 */
export const demoKnowledge: Array<{ kind: SourceKind; title: string; text: string }> = [
  {
    kind: 'text',
    title: 'Service area',
    text: `# Where we work

Demo Plumbing serves the greater Austin area from our shop in North Austin. We come to homes and light commercial properties in Austin, Round Rock, Cedar Park, Pflugerville, Georgetown, Leander, Hutto, Manor, Lakeway and Bee Cave.

## Outside the service area

We do not normally travel to San Marcos, Kyle, Buda, Taylor or Dripping Springs. For those towns we can sometimes take a large job (a repipe or a water heater replacement) with a $75 trip charge; call the office to ask.

## Travel charges

There is no trip charge anywhere inside our service area. Addresses more than 30 miles from North Austin pay a $75 trip charge.`,
  },
  {
    kind: 'text',
    title: 'Prices',
    text: `# Price list (2025)

All prices are for standard residential work, parts included unless noted. The technician confirms the price before any work starts; you never pay for work you did not approve.

## Service call and diagnosis

A diagnostic visit costs $89. The $89 is waived when you go ahead with the repair on the same visit.

## Drain cleaning

Drain cleaning of a kitchen, bathroom or laundry drain costs $149 (cabling one accessible drain). Main sewer line cleaning from a cleanout costs $249. Hydro-jetting of a main line starts at $450. A sewer camera inspection costs $199, or $99 when booked with a main line cleaning.

## Toilets, faucets and fixtures

Toilet repair (flapper, fill valve, running toilet) starts at $125. Installing a customer-supplied toilet costs $225. Faucet installation costs $185 per faucet. Garbage disposal installation costs $265 plus the unit.

## Water heaters

Replacing a 40 or 50 gallon tank water heater costs $1,450 to $2,100 installed, depending on gas or electric and venting. Tankless water heater installation starts at $3,200. Water heater flush and inspection: $129.

## Leaks and pipes

Leak detection costs $225. Slab leak repair is quoted after detection. Repiping a house with PEX is quoted on site, usually $4,500 to $9,000.

## After-hours pricing

Work outside business hours (evenings, Sundays before 9 am or after 3 pm, and holidays) carries a $95 after-hours surcharge on top of the regular price.`,
  },
  {
    kind: 'text',
    title: 'Hours and scheduling',
    text: `# Office hours

Monday to Friday: 7 am to 7 pm.
Saturday: 8 am to 4 pm.
Sunday: 9 am to 3 pm, for scheduled appointments and urgent repairs.

Our emergency line answers 24 hours a day, 7 days a week, including holidays.

## Holidays

The office is closed on Thanksgiving, Christmas Day and New Year's Day; emergency service still runs on those days with the after-hours surcharge.

## Appointments

We give a two-hour arrival window and the technician calls or texts about 30 minutes before arriving. Same-day appointments are often available when you call before noon.

## Cancelling or rescheduling

Please give us at least 24 hours' notice to cancel or move an appointment. There is no cancellation fee, but a missed appointment without notice may be charged the $89 diagnostic fee.`,
  },
  {
    kind: 'text',
    title: 'Emergency service',
    text: `# Plumbing emergencies

We treat these as emergencies and send the next available technician, day or night: a burst or frozen pipe, water pouring through a ceiling, a sewage backup into the house, no water at all, a leaking water heater, or a flooded room.

## How fast we arrive

Inside Austin and Round Rock we aim to arrive within 60 to 90 minutes for an emergency, at any hour. Farther towns in our area may take up to two hours.

## What to do while you wait

Shut off the water at the main shut-off valve, usually where the water line enters the house or at the meter box by the street. Turn off the power or gas to a leaking water heater. Move valuables away from the water.

## Gas smell

If you smell gas, leave the house right away, do not switch lights on or off, and call 911 and Texas Gas Service from outside. We repair gas lines once the gas company has made the area safe.

## Emergency pricing

Emergency visits are charged at regular prices plus the $95 after-hours surcharge when they happen outside business hours. There is no extra charge for emergencies during business hours.`,
  },
  {
    kind: 'text',
    title: 'Warranty and guarantees',
    text: `# Our guarantees

## Workmanship warranty

All repairs carry a one-year warranty on labor: if something we fixed fails within a year because of our work, we come back and fix it at no charge.

## Drain cleaning guarantee

If the same drain clogs again within 90 days of our drain cleaning, we clear it again for free.

## Water heaters

New water heaters come with the manufacturer's tank warranty (6 to 12 years depending on the model) plus our own two-year warranty on installation labor.

## Satisfaction

If you are not happy with the work, tell us within 30 days and a manager will visit to make it right.

Warranties do not cover damage from freezing, misuse, or work done by others after our visit.`,
  },
  {
    kind: 'qa',
    title: 'Frequently asked questions',
    text: `Q: How can I pay?
A: We accept Visa, Mastercard, American Express, Discover, cash and checks. Payment is due when the work is finished.

Q: Do you offer financing?
A: Yes. Jobs over $1,000, such as water heaters and repiping, can be financed over 12 to 60 months with approved credit.

Q: Are you licensed and insured?
A: Yes. Demo Plumbing is a licensed Texas plumbing contractor (license RMPL-40123), fully insured, and every technician is background-checked.

Q: Do you give free estimates?
A: Estimates for large jobs such as repiping, water heater replacement or sewer line replacement are free. Smaller repairs start with the $89 diagnostic visit.

Q: Do you have any discounts?
A: Seniors over 65, military veterans and first responders get 10% off any repair (up to $200).

Q: Do you work on commercial buildings?
A: Yes, light commercial: restaurants, small offices and retail shops. We do not take large industrial or new-construction projects.

Q: Do you pump or repair septic tanks?
A: No, we do not service septic tanks. We can recommend a septic company in your area.

Q: Do you install water softeners and filtration systems?
A: Yes. We install water softeners and whole-house water filtration systems; the price depends on the unit and is quoted on site.

Q: Do your technicians speak Spanish?
A: Yes, several of our technicians and our office staff speak Spanish.

Q: Do I need to be home during the appointment?
A: An adult over 18 needs to be home to let the technician in and approve the work. For rental properties, the landlord can approve by phone.

Q: Do you work on gas lines?
A: Yes. We install and repair gas lines for stoves, dryers and water heaters, and we pressure-test every gas line we work on.`,
  },
  {
    kind: 'text',
    title: 'About Demo Plumbing',
    text: `# About us

Demo Plumbing is a family-owned company founded in 2009 by Maria and Luis Ortega. We have 14 licensed plumbers and a friendly office team in North Austin.

Our technicians wear shoe covers, protect your floors, and clean up before they leave. Every truck carries common parts, so most repairs are finished on the first visit.`,
  },
];
