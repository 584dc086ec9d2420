import { storageSuite } from '../storage/storage-suite.js';

storageSuite('postgresql');
