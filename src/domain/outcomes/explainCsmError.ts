interface KnownError {
  pattern: RegExp;
  explanation: string;
}

// Guessed patterns: CSM's error texts for organization tasks are not documented. Unknown texts are passed through.
const TASK_CAP: KnownError = {
  pattern: /maximum number of tasks/i,
  explanation:
    'CSM is already running its maximum number of bulk tasks for this site. The job waits and sends this part again.',
};

const KNOWN_ERRORS: readonly KnownError[] = [
  TASK_CAP,
  {
    pattern: /already exists|duplicate organi[sz]ation|name is (already )?(taken|in use)/i,
    explanation:
      'An organization with this name already exists. Use UPDATE or UPSERT to change it, or choose another name.',
  },
  {
    pattern: /(detail )?field.*(not found|does not exist|unknown)|unknown (detail )?field/i,
    explanation:
      "The detail field does not exist on this site. Create it in CSM's organization settings, or fix the field name.",
  },
  {
    pattern: /not (a valid|an allowed) option|invalid option|option.*(not found|does not exist|invalid)/i,
    explanation:
      "A value is not one of the field's options. Use one of the options set up for the field, or add the option in CSM.",
  },
  {
    pattern: /organi[sz]ation.*(not found|does not exist)|no organi[sz]ation/i,
    explanation: 'The organization was not found. Check its ID or name; it may have been deleted or renamed.',
  },
  {
    pattern: /customer.*(not found|does not exist|invalid)/i,
    explanation: 'A customer to associate was not found. Check the customer IDs.',
  },
  {
    pattern: /product.*(not found|does not exist|invalid)/i,
    explanation: 'A product to associate was not found. Check the product IDs.',
  },
  {
    pattern: /permission|forbidden|not allowed|not authori[sz]ed|unauthori[sz]ed/i,
    explanation:
      "The user running the job may not make this change. A Jira admin can grant the field's edit permission or the organization management permission.",
  },
  {
    pattern: /too long|exceeds|maximum length|max(imum)? (size|length)/i,
    explanation: 'A value is longer than CSM allows. Shorten it.',
  },
  {
    pattern: /invalid (date|email|url|number|phone)|not a valid (date|email|url|number|phone)/i,
    explanation:
      "A value does not match the field's type (date YYYY-MM-DD, email, http(s) address, number or phone). Fix the value.",
  },
];

/**
 * Whether CSM's text names something wrong with what the row holds (it exists already, a field or option or
 * organization was not found, a value is too long or of the wrong type, a permission is missing): sending the row again
 * as it is would fail the same way, whatever else the text says ("… Fix the value and try again").
 */
export function namesContentProblem(raw: string): boolean {
  return KNOWN_ERRORS.some(({ pattern, explanation }) => explanation !== TASK_CAP.explanation && pattern.test(raw));
}

/** Turns CSM's error text into a sentence an admin can act on; unknown texts are kept as they are. */
export function explainCsmError(raw: string): string {
  const text = raw.trim();
  if (text === '')
    return 'CSM reported a failure without saying why. Check the organization in CSM, then retry the row.';
  const known = KNOWN_ERRORS.find(({ pattern }) => pattern.test(text));
  return known ? `${known.explanation} (CSM said: "${text}")` : text;
}
