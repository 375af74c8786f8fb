import { isLocalDate } from '@app/domain';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/** A calendar date written YYYY-MM-DD (Vietnam's calendar; no time, no zone). */
export function IsLocalDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'localDate',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a calendar date YYYY-MM-DD`, ...options },
      validator: { validate: (value: unknown) => isLocalDate(value) },
    });
}
