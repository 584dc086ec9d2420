export * from './errors.js';
export * from './rate-limit.js';
export * from './schemas.js';
export * from './validate.js';
export { buildUrl, DEFAULT_TIMEOUT_MS, type ResponseInfo } from './transport.js';
export * from './client.js';
export * from './oauth.js';
export * from './webhook.js';
