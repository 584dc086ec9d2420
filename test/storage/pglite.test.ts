import { storageSuite } from './storage-suite.js';

storageSuite('pglite');
