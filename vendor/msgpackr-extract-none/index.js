'use strict';
// Loading fails on purpose: msgpackr catches this and decodes in JavaScript.
throw new Error('msgpackr native acceleration is not installed');
