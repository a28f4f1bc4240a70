/** Errors of the compiler, naming the option and the position in the request's query string. */
import { AppError } from '../../../platform/errors/app-error.ts';
import { ODataErrors } from '../odata-errors.ts';

export function invalid(position: number, message: string): AppError {
  return ODataErrors.ODATA_INVALID_QUERY([`at position ${position}: ${message}`]);
}

export function unknownProperty(typeName: string, name: string, position: number): AppError {
  const error = ODataErrors.ODATA_UNKNOWN_PROPERTY([typeName, name]);
  return new AppError(error.code, error.statusCode, `at position ${position}: ${error.message}`, { target: name });
}

export function notSupported(position: number, what: string): AppError {
  const error = ODataErrors.ODATA_NOT_IMPLEMENTED([what]);
  return new AppError(error.code, error.statusCode, `at position ${position}: ${error.message}`);
}
