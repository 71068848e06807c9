// Structural check of .github/dependabot.yml (action-validator covers workflows and actions only).
// Usage: node .ci/check-dependabot.js FILE   (js-yaml from .ci/node, installed by .ci/release-checks)
'use strict';
const fs = require('fs');
const path = require('path');
const yaml = require(path.join(__dirname, 'node', 'node_modules', 'js-yaml'));

const file = process.argv[2];
const doc = yaml.load(fs.readFileSync(file, 'utf8'));
const errors = [];
const ecosystems = new Set(['maven', 'github-actions', 'docker', 'npm', 'gradle', 'pip', 'gomod', 'cargo']);
const intervals = new Set(['daily', 'weekly', 'monthly', 'quarterly', 'semiannually', 'yearly', 'cron']);
const known = new Set(['package-ecosystem', 'directory', 'directories', 'schedule', 'open-pull-requests-limit',
  'groups', 'labels', 'assignees', 'reviewers', 'commit-message', 'ignore', 'allow', 'registries',
  'target-branch', 'versioning-strategy', 'rebase-strategy', 'pull-request-branch-name', 'milestone',
  'vendor', 'insecure-external-code-execution', 'cooldown']);

if (doc === null || typeof doc !== 'object') errors.push('not a YAML mapping');
else {
  if (doc.version !== 2) errors.push('version must be 2');
  if (!Array.isArray(doc.updates) || doc.updates.length === 0) errors.push('updates must be a non-empty list');
  for (const [i, u] of (doc.updates || []).entries()) {
    const at = `updates[${i}]`;
    for (const k of Object.keys(u)) if (!known.has(k)) errors.push(`${at}: unknown key ${k}`);
    if (!ecosystems.has(u['package-ecosystem'])) errors.push(`${at}: package-ecosystem ${u['package-ecosystem']}`);
    if (typeof u.directory !== 'string' && !Array.isArray(u.directories)) errors.push(`${at}: directory missing`);
    if (!u.schedule || !intervals.has(u.schedule.interval)) errors.push(`${at}: schedule.interval missing or wrong`);
    for (const [name, g] of Object.entries(u.groups || {})) {
      if (!Array.isArray(g.patterns) || g.patterns.length === 0) errors.push(`${at}: group ${name} needs patterns`);
    }
  }
  const eco = new Set((doc.updates || []).map(u => u['package-ecosystem']));
  for (const want of ['maven', 'github-actions']) if (!eco.has(want)) errors.push(`no ${want} updates`);
}
if (errors.length) {
  for (const e of errors) console.error(`${file}: ${e}`);
  process.exit(1);
}
console.log(`ok: ${file}`);
