// Password length rules, light enough for the console's forms to share.
export const MIN_PASSWORD = 10;
