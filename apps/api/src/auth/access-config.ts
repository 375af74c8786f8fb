/** The injection token of the API's AccessConfig (@app/config): sessions, sign-in limits, the action timeout. */
export const ACCESS_CONFIG = Symbol('ACCESS_CONFIG');
