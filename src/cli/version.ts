/** The product version, as `mamori --version` prints it and User-Agent headers carry it. */
export const VERSION = '0.1.0';
