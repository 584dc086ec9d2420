// The schema: imports every module for its side effects, in dependency order, and builds.
import { builder } from './builder.js';
import './errors.js';
import './modules/user/user.type.js';
import './modules/user/user.mutations.js';
import './modules/api-key/api-key.type.js';
import './modules/sync/sync.type.js';
import './modules/sleep/sleep.type.js';
import './modules/activity/activity.type.js';
import './modules/exercise/exercise.type.js';
import './modules/heart-rate/heart-rate.type.js';
import './modules/biosensing/biosensing.type.js';
import './modules/body/body.type.js';
import './modules/day/day.type.js';
import './modules/analytics/analytics.type.js';

export const schema = builder.toSchema();
