import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Mustache from 'mustache';
import { NotFound, ValidationFailed } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { DigestFacts, LeadFacts } from './facts.js';
import { ssmlProblem, stripComments } from './ssml.js';

/**
 * The call, SMS and email texts are Mustache files (mustache.github.io/mustache.5.html): defaults beside this
 * module, and a business's own copy in `<data>/alert-templates/<businessId>/` once the owner edits one.
 * A business's template that no longer renders (or renders SSML Twilio would refuse) never costs an alert:
 * the default is used instead and the problem logged.
 */
export const templateNames = [
  'emergency-call',
  'emergency-sms',
  'emergency-email-text',
  'emergency-email-html',
  'lead-email-text',
  'lead-email-html',
  'digest-email-text',
  'digest-email-html',
] as const;
export type TemplateName = (typeof templateNames)[number];
type Format = 'ssml' | 'text' | 'html';

const catalogue: Record<TemplateName, { file: string; format: Format; description: string }> = {
  'emergency-call': { file: 'emergency-call.ssml.txt', format: 'ssml', description: 'Spoken on the alert call (SSML inside <Say>), before "press 1 / press 2"' },
  'emergency-sms': { file: 'emergency-sms.txt', format: 'text', description: 'The emergency SMS to the owner and the backup contact' },
  'emergency-email-text': { file: 'emergency-email.txt', format: 'text', description: 'Emergency email, plain text; the first line is "Subject: …"' },
  'emergency-email-html': { file: 'emergency-email.html', format: 'html', description: 'Emergency email, HTML (BASIC and PRO)' },
  'lead-email-text': { file: 'lead-email.txt', format: 'text', description: 'New lead email, plain text; the first line is "Subject: …"' },
  'lead-email-html': { file: 'lead-email.html', format: 'html', description: 'New lead email, HTML (BASIC and PRO)' },
  'digest-email-text': { file: 'digest-email.txt', format: 'text', description: 'Daily digest, plain text; the first line is "Subject: …"' },
  'digest-email-html': { file: 'digest-email.html', format: 'html', description: 'Daily digest, HTML (BASIC and PRO)' },
};

/** Twilio refuses a message body over 1,600 characters (error 21617). */
export const maxSmsLength = 1600;
const maxTemplateLength = 20_000;

export interface EmailContent {
  subject: string;
  text: string;
  html?: string;
}

export interface TemplateInfo {
  name: TemplateName;
  format: Format;
  description: string;
  custom: boolean;
  source: string;
}

export interface Templates {
  list(businessId: string): TemplateInfo[];
  get(businessId: string, name: TemplateName): TemplateInfo;
  /** Checks the source (it must render, and a call template must give SSML Twilio accepts), then saves it. */
  save(businessId: string, name: TemplateName, source: string, sample: LeadFacts | DigestFacts): TemplateInfo;
  defaultSource(name: TemplateName): string;
  /** Back to the default. */
  reset(businessId: string, name: TemplateName): TemplateInfo;
  call(businessId: string, facts: LeadFacts, source?: string): string;
  sms(businessId: string, facts: LeadFacts, source?: string): string;
  /** `html` only when the plan has formatted email (BASIC, PRO); FREE gets the basic plain-text alert. */
  email(businessId: string, kind: 'emergency' | 'lead' | 'digest', facts: LeadFacts | DigestFacts, override?: { name: TemplateName; source: string }): EmailContent;
}

export function createTemplates({ dataDir, log, defaultsDir = fileURLToPath(new URL('./templates/', import.meta.url)) }: { dataDir: string; log: Logger; defaultsDir?: string }): Templates {
  const writer = new Mustache.Writer();
  const defaults = Object.fromEntries(templateNames.map((name) => [name, readFileSync(join(defaultsDir, catalogue[name].file), 'utf8')])) as Record<TemplateName, string>;
  const customDir = (businessId: string) => join(dataDir, 'alert-templates', safeSegment(businessId));

  function custom(businessId: string, name: TemplateName): string | undefined {
    try {
      return readFileSync(join(customDir(businessId), catalogue[name].file), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  function info(businessId: string, name: TemplateName): TemplateInfo {
    const own = custom(businessId, name);
    const { format, description } = catalogue[name];
    return { name, format, description, custom: own !== undefined, source: own ?? defaults[name] };
  }

  /** Renders one template and checks the result; throws ValidationFailed saying what is wrong. */
  function renderChecked(name: TemplateName, source: string, view: object): string {
    const format = catalogue[name].format;
    let out: string;
    try {
      out = writer.render(source, view, undefined, { escape: format === 'text' ? (value: unknown) => String(value) : escapeMarkup });
    } catch (error) {
      throw new ValidationFailed(`Template ${name} does not render: ${(error as Error).message}`);
    }
    if (format === 'ssml') {
      out = collapse(stripComments(out));
      const problem = ssmlProblem(out);
      if (problem) throw new ValidationFailed(`Template ${name} gives SSML Twilio would refuse: ${problem}`);
      if (!out) throw new ValidationFailed(`Template ${name} says nothing`);
    }
    if (format === 'text') out = tidyText(out);
    if (name.endsWith('-email-text') && !/^Subject:[^\n]*\S/.test(out)) {
      throw new ValidationFailed(`Template ${name} must start with a "Subject: …" line`);
    }
    return out;
  }

  /** The business's template when it renders, else the default (an edit must never cost an alert). */
  function render(businessId: string, name: TemplateName, view: object, source?: string): string {
    const own = source ?? custom(businessId, name);
    if (own !== undefined) {
      try {
        return renderChecked(name, own, view);
      } catch (error) {
        if (source !== undefined) throw error; // a preview shows the owner the problem
        log.warn({ businessId, template: name, err: error }, 'business template failed; using the default');
      }
    }
    return renderChecked(name, defaults[name], view);
  }

  function email(businessId: string, kind: 'emergency' | 'lead' | 'digest', facts: LeadFacts | DigestFacts, override?: { name: TemplateName; source: string }): EmailContent {
    const view = 'count' in facts ? { ...facts, one: facts.count === 1 } : facts;
    const textName = `${kind}-email-text` as TemplateName;
    const htmlName = `${kind}-email-html` as TemplateName;
    const rendered = render(businessId, textName, view, override?.name === textName ? override.source : undefined);
    const [first, ...rest] = rendered.split('\n');
    const subject = first!.replace(/^Subject:\s*/, '').trim().slice(0, 250);
    const text = rest.join('\n').replace(/^\n+/, '');
    if (!facts.formatted && override?.name !== htmlName) return { subject, text };
    return { subject, text, html: render(businessId, htmlName, view, override?.name === htmlName ? override.source : undefined) };
  }

  return {
    list: (businessId) => templateNames.map((name) => info(businessId, name)),
    get: info,
    save(businessId, name, source, sample) {
      if (source.length > maxTemplateLength) throw new ValidationFailed(`A template may have at most ${maxTemplateLength} characters`);
      const view = 'count' in sample ? { ...sample, one: sample.count === 1 } : sample;
      const rendered = renderChecked(name, source, view);
      if (name === 'emergency-sms' && rendered.length > maxSmsLength) {
        throw new ValidationFailed(`The SMS would be ${rendered.length} characters with the sample lead; Twilio takes at most ${maxSmsLength}`);
      }
      const dir = customDir(businessId);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      // Written aside then renamed: a crash mid-write never leaves half a template to be sent.
      const file = join(dir, catalogue[name].file);
      writeFileSync(`${file}.tmp`, source, { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
      return info(businessId, name);
    },
    defaultSource: (name) => defaults[name],
    reset(businessId, name) {
      rmSync(join(customDir(businessId), catalogue[name].file), { force: true });
      return info(businessId, name);
    },
    call: (businessId, facts, source) => render(businessId, 'emergency-call', facts, source),
    sms: (businessId, facts, source) => clipSms(render(businessId, 'emergency-sms', facts, source)),
    email,
  };
}

/** Mustache's own HTML escaping, which is also right for SSML (XML): numeric references are valid in both. */
function escapeMarkup(value: unknown): string {
  return Mustache.escape(String(value));
}

function collapse(ssml: string): string {
  return ssml.replace(/\s+/g, ' ').trim();
}

/** Blank lines left by empty sections collapse to one; no trailing spaces. */
function tidyText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function clipSms(text: string): string {
  return text.length <= maxSmsLength ? text : `${text.slice(0, maxSmsLength - 1)}…`;
}

/** Business ids are UUIDs; anything else must not become a path. */
function safeSegment(id: string): string {
  if (!/^[\w-]{1,64}$/.test(id)) throw new NotFound(`Business ${id}`);
  return id;
}
