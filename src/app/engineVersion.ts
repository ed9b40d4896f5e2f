/** Written into every manifest; bump with package.json when the rules change. */
export const ENGINE_VERSION = '0.1.0';
