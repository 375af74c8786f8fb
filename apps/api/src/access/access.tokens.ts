export const ACCESS_CONFIG = Symbol('ACCESS_CONFIG');
