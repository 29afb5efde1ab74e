/**
 * The exports admins bring, by their documented column names: a file whose headers match one gets its columns
 * proposed. Each column lists the targets it may go to, first existing one wins (a detail field the site may have, or
 * one of the import's own columns). Sources: HubSpot's default company properties (knowledge.hubspot.com, "HubSpot's
 * default company properties"); Salesforce's Account fields, as a report exports them and as Data Export writes them
 * (developer.salesforce.com, "Account" object reference); Zendesk's organization fields and bulk-import CSV columns
 * (support.zendesk.com, "Bulk importing organizations").
 */
export interface MappingPreset {
  id: 'hubspot-companies' | 'salesforce-accounts' | 'zendesk-organizations';
  label: string;
  columns: Record<string, readonly string[]>;
}

const NAME = ['Organization Name'];
const KEY = ['CRM Id', 'CRM ID', 'External ID', 'External Id', 'Account ID', 'Record ID'];
const DOMAIN = ['Domain', 'Domains', 'Email Domain', 'Website'];
const PHONE = ['Phone Number', 'Phone'];
const WEBSITE = ['Website', 'URL', 'Web Site'];
const COUNTRY = ['Country', 'Country/Region'];
const REGION = ['Region', 'Sales Region', 'Territory'];
const INDUSTRY = ['Industry'];
const TYPE = ['Type', 'Tier', 'Account Type'];
const OWNER = ['Account Owner', 'Owner', 'Account Manager'];
const CITY = ['City'];
const EMPLOYEES = ['Employees', 'Number of Employees', 'Company Size'];

export const MAPPING_PRESETS: readonly MappingPreset[] = [
  {
    id: 'hubspot-companies',
    label: 'HubSpot companies',
    columns: {
      'Record ID': [...KEY, 'HubSpot ID'],
      'Company name': NAME,
      'Company Domain Name': DOMAIN,
      'Website URL': WEBSITE,
      'Phone Number': PHONE,
      Phone: PHONE,
      'Country/Region': COUNTRY,
      'State/Region': ['State', 'State/Region'],
      City: CITY,
      Industry: INDUSTRY,
      Type: TYPE,
      'Company owner': OWNER,
      'Number of Employees': EMPLOYEES,
      'Sales Region': REGION,
    },
  },
  {
    id: 'salesforce-accounts',
    label: 'Salesforce accounts',
    columns: {
      'Account ID': [...KEY, 'Salesforce ID'],
      Id: [...KEY, 'Salesforce ID'],
      'Account Name': NAME,
      Name: NAME,
      'Account Number': ['Account Number', ...KEY],
      AccountNumber: ['Account Number', ...KEY],
      'Billing Country': COUNTRY,
      BillingCountry: COUNTRY,
      'Billing City': CITY,
      BillingCity: CITY,
      Phone: PHONE,
      Website: WEBSITE,
      Industry: INDUSTRY,
      Type: TYPE,
      'Account Type': TYPE,
      'Account Owner': OWNER,
      Employees: EMPLOYEES,
      NumberOfEmployees: EMPLOYEES,
      Region: REGION,
      'Sales Region': REGION,
    },
  },
  {
    id: 'zendesk-organizations',
    label: 'Zendesk organizations',
    columns: {
      id: [...KEY, 'Zendesk ID'],
      external_id: KEY,
      name: NAME,
      domain_names: DOMAIN,
      default: DOMAIN,
      details: ['Details', 'Description'],
      notes: ['Notes'],
      tags: ['Tags', 'Labels'],
      group: ['Group', 'Support Group'],
    },
  },
];

/** A preset needs this many of its columns in the file before it is offered. */
const MATCHING_COLUMNS = 2;

/** The preset whose columns the file has most of (at least two), or undefined. */
export function presetFor(headers: readonly string[]): MappingPreset | undefined {
  const names = new Set(headers.map((header) => header.trim().toLowerCase()));
  let best: MappingPreset | undefined;
  let bestCount = MATCHING_COLUMNS - 1;
  for (const preset of MAPPING_PRESETS) {
    const count = Object.keys(preset.columns).filter((column) => names.has(column.toLowerCase())).length;
    if (count > bestCount) {
      best = preset;
      bestCount = count;
    }
  }
  return best;
}

/** Column headers any CRM export may use for the organization's name, whichever preset matched. */
export const COMMON_COLUMNS: Record<string, readonly string[]> = {
  'Company name': NAME,
  Company: NAME,
  'Company Name': NAME,
  'Account Name': NAME,
  Organization: NAME,
  'Organisation Name': NAME,
  Name: NAME,
};

/**
 * Values CRMs write for the regions sites usually name EMEA, Americas and APAC: proposed when a file value is not an
 * option and no option is close to it by spelling.
 */
export const REGION_SYNONYMS: Record<string, readonly string[]> = {
  emea: ['europe', 'eu', 'middle east', 'africa', 'europe, middle east and africa', 'uk', 'dach', 'nordics'],
  americas: ['north america', 'south america', 'latin america', 'latam', 'na', 'us', 'usa', 'canada', 'amer'],
  amer: ['americas', 'north america', 'south america', 'latin america', 'latam', 'na', 'us', 'usa', 'canada'],
  apac: ['asia pacific', 'asia', 'asia-pacific', 'apj', 'australia', 'anz', 'japan', 'oceania'],
};
