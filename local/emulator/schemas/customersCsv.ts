import { readFileSync } from 'node:fs';
import type { AccountType, CustomerState } from '../types';
import { customerIdForEmail, emailKey } from '../model/customers';

const ACCOUNT_TYPES: AccountType[] = ['customer', 'agent', 'admin'];
const EMAIL = /^[^\s@]+@[^\s@]+$/;

interface CsvRecord {
  /** The 1-based line the record starts on. */
  line: number;
  cells: string[];
}

/** Reads a customers CSV file; every problem is an Error naming the file and the line. */
export function readCustomersCsv(path: string): CustomerState[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`Customers file ${path} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parseCustomersCsv(text);
  } catch (error) {
    throw new Error(`Customers file ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Columns `Email` and `Name` (any order, any case), optional `Account ID` and `Type` (customer, agent or admin;
 * customer when blank). A row without an account id gets `qm:` + a hash of its lower-cased email.
 */
export function parseCustomersCsv(text: string): CustomerState[] {
  const [header, ...rows] = csvRecords(text.replace(/^\uFEFF/, ''));
  if (!header) throw new Error('line 1: the file is empty: write a header line "Email,Name".');
  const columns = header.cells.map((cell) => cell.trim().toLowerCase());
  const at = (name: string) => columns.indexOf(name);
  for (const required of ['email', 'name'])
    if (at(required) < 0)
      throw new Error(
        `line 1: no "${required === 'email' ? 'Email' : 'Name'}" column (found: ${header.cells.join(', ')}).`,
      );
  const seenEmails = new Map<string, number>();
  const seenIds = new Map<string, number>();
  const customers: CustomerState[] = [];
  for (const row of rows) {
    if (row.cells.every((cell) => cell.trim() === '')) continue;
    const cell = (name: string) => (at(name) >= 0 ? (row.cells[at(name)] ?? '').trim() : '');
    const customer = customerOfRow(row.line, cell('email'), cell('name'), cell('account id'), cell('type'));
    const emailClash = customer.email === undefined ? undefined : seenEmails.get(emailKey(customer.email));
    if (emailClash !== undefined)
      throw new Error(
        `line ${row.line}: email ${customer.email} is already on line ${emailClash} (emails are unique, ignoring case).`,
      );
    const idClash = seenIds.get(customer.accountId);
    if (idClash !== undefined)
      throw new Error(`line ${row.line}: account id ${customer.accountId} is already on line ${idClash}.`);
    if (customer.email !== undefined) seenEmails.set(emailKey(customer.email), row.line);
    seenIds.set(customer.accountId, row.line);
    customers.push(customer);
  }
  return customers;
}

function customerOfRow(line: number, email: string, name: string, accountId: string, type: string): CustomerState {
  if (email === '' && accountId === '') throw new Error(`line ${line}: no Email (and no Account ID): give one.`);
  if (email !== '' && !EMAIL.test(email))
    throw new Error(`line ${line}: '${email}' is not an email address (write it like name@example.com).`);
  const accountType = (type.toLowerCase() || 'customer') as AccountType;
  if (!ACCOUNT_TYPES.includes(accountType))
    throw new Error(`line ${line}: Type '${type}' is not one of ${ACCOUNT_TYPES.join(', ')}.`);
  return {
    accountId: accountId || customerIdForEmail(email),
    ...(email ? { email } : {}),
    ...(name ? { displayName: name } : {}),
    accountType,
  };
}

/** RFC 4180 records (quoted cells may hold commas, quotes written twice and line breaks), each with its first line. */
function csvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRecord = () => {
    cells.push(cell);
    records.push({ line: start, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      start = ++line;
    } else cell += c;
  }
  if (quoted) throw new Error(`line ${start}: a quoted cell is not closed: add the closing ".`);
  if (cell !== '' || cells.length) endRecord();
  return records;
}
