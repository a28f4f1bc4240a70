/** An error answer of the hub (OData JSON error body), as the CLI's error document: what the import commands print when the hub refuses. */
import { AppError } from '../../platform/errors/app-error.ts';

export async function hubError(response: Response): Promise<AppError> {
  const text = await response.text();
  try {
    const { error } = JSON.parse(text) as { error: { code: string; message: string } };
    return new AppError(error.code, response.status, error.message);
  } catch {
    return new AppError('CLI_FAILED', response.status, `the hub answered ${response.status}: ${text.slice(0, 200)}`);
  }
}
