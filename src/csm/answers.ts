import { CsmError, errorKindOfStatus } from './errors';
import type { TransportResponse } from './transport';

/** Reading what CSM answered: a body as JSON, a refusal as a CsmError in the one error model (errors.ts). */

export function parseJson(text: string, status: number): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new CsmError(
      'unexpected',
      `Customer Service Management answered ${status} with a body that is not JSON.`,
      status,
    );
  }
}

export async function errorFromResponse(response: TransportResponse): Promise<CsmError> {
  let text = '';
  try {
    text = await response.text();
  } catch {
    // the body is lost; the status still says enough
  }
  const { message, details } = readRestError(text);
  const said = message || `HTTP ${response.status}`;
  return new CsmError(errorKindOfStatus(response.status, said), said, response.status, details);
}

function readRestError(text: string): { message: string; details: string[] } {
  try {
    const body = JSON.parse(text) as { errorMessage?: unknown; message?: unknown; errors?: unknown };
    const details = Array.isArray(body.errors)
      ? body.errors.map((entry) =>
          typeof entry === 'string' ? entry : [entry?.field, entry?.message].filter(Boolean).join(': '),
        )
      : [];
    const message =
      typeof body.errorMessage === 'string' ? body.errorMessage : typeof body.message === 'string' ? body.message : '';
    return {
      message: message.slice(0, 2_000),
      details: details.slice(0, 50).map((detail) => String(detail).slice(0, 500)),
    };
  } catch {
    return { message: text.slice(0, 500), details: [] };
  }
}
