// Release lint: what GitHub would refuse or break on, checked without GitHub.
//
//   node .ci/lint-release.js [ROOT]      ROOT: a git checkout to lint (default: this repository)
//
// 1. Every call of a reusable workflow is pinned to a tag or commit, and passes only the inputs and secrets that the
//    version declares, and all the inputs it requires (declarations in .ci/release-interfaces.json, read from the
//    pinned sources). GitHub rejects a call with an undeclared input, and then runs no job of the workflow.
// 2. No job runs on a runner label GitHub has retired (the list, with its sources, is in the same file), matrix
//    values included.
// 3. Every action is pinned to a full version (vX.Y.Z) or a commit SHA, has its inputs recorded for that version,
//    and is given only those inputs.
// 4. .gitattributes keeps LF for every text file (git check-attr), whatever core.autocrlf says: a CRLF checkout makes
//    mvnw unusable under bash and changes the jar's bytes.
// 5. Every call of a pinned command-line tool (crane) in a workflow's run: script or in SECURITY.md's sh blocks uses a
//    subcommand and flags that the pinned version has (recorded in the same file), flags passed through a bash array
//    ("${NAME[@]}", filled with NAME+=("--flag=...")) included; the workflow pins the version recorded.
// js-yaml comes from .ci/node (installed by .ci/release-checks).
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const yaml = require(path.join(__dirname, 'node', 'node_modules', 'js-yaml'));

const root = path.resolve(process.argv[2] || path.join(__dirname, '..'));
const data = JSON.parse(fs.readFileSync(path.join(__dirname, 'release-interfaces.json'), 'utf8'));
const problems = [];
const checked = { reusable: 0, actions: 0, runners: 0, files: 0 };
const problem = (where, what) => problems.push(`${where}: ${what}`);

const FULL_VERSION = /^v\d+\.\d+\.\d+$/;
const COMMIT = /^[0-9a-f]{40}$/;
const retired = new Map(data.retired_runners.map(r => [r.label, r]));

function splitUses(uses) {
  const at = uses.lastIndexOf('@');
  if (at < 0) return { name: uses, ref: '' };
  return { name: uses.slice(0, at), ref: uses.slice(at + 1) };
}

function checkKeys(where, given, declared, kind) {
  for (const key of Object.keys(given || {})) {
    if (!declared.includes(key)) problem(where, `${kind} '${key}' is not declared (declared: ${declared.join(', ') || 'none'})`);
  }
}

function checkReusable(where, job) {
  const { name, ref } = splitUses(job.uses);
  if (name.startsWith('./')) return; // a workflow of this repository, checked with it
  const parts = name.split('/');
  const repository = parts.slice(0, 2).join('/');
  const file = parts.slice(2).join('/');
  checked.reusable++;
  if (!FULL_VERSION.test(ref) && !COMMIT.test(ref)) {
    problem(where, `${job.uses}: pin the reusable workflow to a full version tag vX.Y.Z (or a commit)`);
  }
  const decl = data.reusable_workflows.find(w => w.repository === repository && w.path === file && w.tag === ref);
  if (!decl) {
    problem(where, `${job.uses}: no declaration of its inputs and secrets is recorded for ${ref}; read the workflow at`
      + ` that tag and add it to .ci/release-interfaces.json`);
    return;
  }
  checkKeys(where, job.with, decl.inputs, 'input');
  if (job.secrets === 'inherit') {
    problem(where, `${job.uses}: 'secrets: inherit' passes every secret; name the declared ones`);
  } else {
    checkKeys(where, job.secrets, decl.secrets, 'secret');
  }
  for (const required of decl.required_inputs || []) {
    if (!job.with || !(required in job.with)) problem(where, `${job.uses}: required input '${required}' is missing`);
  }
}

function matrixValues(job, key) {
  const matrix = (job.strategy && job.strategy.matrix) || {};
  const values = [];
  if (Array.isArray(matrix[key])) values.push(...matrix[key]);
  for (const entry of matrix.include || []) if (entry && key in entry) values.push(entry[key]);
  return values;
}

function checkRunner(where, job) {
  if (job['runs-on'] === undefined) return;
  let labels = Array.isArray(job['runs-on']) ? job['runs-on'] : [job['runs-on']];
  if (typeof job['runs-on'] === 'object' && !Array.isArray(job['runs-on'])) labels = [].concat(job['runs-on'].labels || []);
  for (const label of labels) {
    const m = /^\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}$/.exec(String(label));
    const values = m ? matrixValues(job, m[1]) : [label];
    if (m && values.length === 0) problem(where, `runs-on ${label}: no matrix value found to check`);
    for (const value of values) {
      checked.runners++;
      const r = retired.get(String(value));
      if (r) problem(where, `runs-on ${value}: GitHub retired this runner label on ${r.retired} (${r.source})`);
    }
  }
}

function checkStep(where, step) {
  if (!step.uses) return;
  if (step.uses.startsWith('./') || step.uses.startsWith('docker://')) return;
  const { name, ref } = splitUses(step.uses);
  checked.actions++;
  if (!FULL_VERSION.test(ref) && !COMMIT.test(ref)) {
    problem(where, `${step.uses}: pin the action to a full version vX.Y.Z or a commit SHA (a major tag moves)`);
    return;
  }
  const entries = data.actions.filter(a => a.action === name);
  const decl = entries.find(a => a.ref === ref);
  if (!decl) {
    const known = entries.map(a => a.ref).join(', ');
    problem(where, `${step.uses}: no inputs recorded for ${name}@${ref}${known ? ` (recorded: ${known})` : ''}; read its`
      + ` action.yml at that version and record them in .ci/release-interfaces.json`);
    return;
  }
  checkKeys(where, step.with, decl.inputs.concat(decl.inputs_not_in_stored_version || []), 'input');
  for (const required of decl.required_inputs || []) {
    if (!step.with || !(required in step.with)) problem(where, `${step.uses}: input '${required}' must be set (${decl.note})`);
  }
}

// ---- pinned tools: crane -------------------------------------------------------------------------------------------
const tools = data.tools || [];
checked.toolCalls = 0;

/** Shell words of a command up to the first unquoted |, ;, &, ) or <: quotes kept off, $(...) inside quotes kept. */
function shellWords(text) {
  const words = [];
  let word = null;
  let quote = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null; else word += c;
      continue;
    }
    if (c === '"' || c === "'") { quote = c; if (word === null) word = ''; continue; }
    if ('|;&)<>'.includes(c)) break;
    if (/\s/.test(c)) { if (word !== null) words.push(word); word = null; continue; }
    word = (word === null ? '' : word) + c;
  }
  if (word !== null) words.push(word);
  return words;
}

function checkToolCalls(where, script) {
  const lines = script.replace(/\\\n/g, ' ').split('\n').filter(l => !/^\s*#/.test(l));
  // Bash arrays and the flags put into them: NAME=(...) and NAME+=(...).
  const arrays = {};
  for (const line of lines) {
    const re = /\b([A-Za-z_][A-Za-z0-9_]*)\+?=\(([^)]*)\)/g;
    for (let m; (m = re.exec(line));) (arrays[m[1]] = arrays[m[1]] || []).push(...shellWords(m[2]));
  }
  for (const tool of tools) {
    const call = new RegExp(`(?:^|[\\s($|;&\`])${tool.tool}\\s+(.*)$`);
    for (const line of lines) {
      const m = call.exec(line);
      if (!m) continue;
      const words = shellWords(m[1]);
      let sub = words.shift() || '';
      if (!(sub in tool.commands) && words.length && `${sub} ${words[0]}` in tool.commands) sub = `${sub} ${words.shift()}`;
      checked.toolCalls++;
      if (!(sub in tool.commands)) {
        problem(where, `${tool.tool} ${sub}: not a subcommand recorded for ${tool.tool} ${tool.version} (recorded: ${Object.keys(tool.commands).join(', ')})`);
        continue;
      }
      const flags = [];
      for (const w of words) {
        const a = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\[@\]\}$/.exec(w);
        if (a) {
          if (!arrays[a[1]]) problem(where, `${tool.tool} ${sub} passes "\${${a[1]}[@]}", which is not filled in the same script`);
          flags.push(...(arrays[a[1]] || []).filter(x => x.startsWith('-')));
        } else if (w.startsWith('-') && w !== '-') {
          flags.push(w);
        }
      }
      for (const f of flags) {
        const name = f.replace(/=.*$/s, '');
        if (!tool.commands[sub].includes(name) && !tool.global_flags.includes(name)) {
          problem(where, `${tool.tool} ${sub} ${name}: not a flag of ${tool.tool} ${sub} at ${tool.version}`
            + ` (recorded: ${tool.commands[sub].concat(tool.global_flags).join(', ') || 'none'})`);
        }
      }
    }
  }
}

// ---- workflows ------------------------------------------------------------------------------------------------
const dir = path.join(root, '.github', 'workflows');
for (const f of fs.readdirSync(dir).filter(n => /\.ya?ml$/.test(n)).sort()) {
  const rel = `.github/workflows/${f}`;
  let doc;
  try {
    doc = yaml.load(fs.readFileSync(path.join(dir, f), 'utf8'));
  } catch (e) {
    problem(rel, `not valid YAML: ${e.message}`);
    continue;
  }
  checked.files++;
  for (const [id, job] of Object.entries((doc && doc.jobs) || {})) {
    const where = `${rel}: job ${id}`;
    if (job.uses) checkReusable(where, job);
    checkRunner(where, job);
    (job.steps || []).forEach((step, i) => {
      const at = `${where}: step ${i + 1}${step.name ? ` (${step.name})` : ""}`;
      checkStep(at, step);
      if (typeof step.run === 'string') checkToolCalls(at, step.run);
    });
  }
  // The pinned version of each tool is the one recorded.
  for (const tool of tools) {
    const pinned = doc && doc.env && doc.env[tool.version_env];
    if (pinned !== undefined && pinned !== tool.version) {
      problem(rel, `${tool.version_env} is ${pinned}, but the flags of ${tool.tool} are recorded for ${tool.version}:`
        + ` read that version's commands and update .ci/release-interfaces.json`);
    }
  }
}
// SECURITY.md's sh blocks: the commands users run (and the release's verify job runs).
const securityMd = path.join(root, 'SECURITY.md');
if (fs.existsSync(securityMd)) {
  const blocks = fs.readFileSync(securityMd, 'utf8').split(/^```sh\n/m).slice(1).map(b => b.split(/^```$/m)[0]);
  blocks.forEach((b, i) => checkToolCalls(`SECURITY.md: sh block ${i + 1}`, b));
}

// ---- line ends ------------------------------------------------------------------------------------------------
function git(args, input) {
  return execFileSync('git', ['-C', root, ...args], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
}
// Files whose bytes go into the jar or that bash must run: these need LF on every checkout.
const mustBeLf = ['mvnw', 'pom.xml', '.mvn/wrapper/maven-wrapper.properties',
  'src/main/resources/kumapush-build.properties', 'release/launcher.sh', 'release/AssembleRelease.java'];
if (!fs.existsSync(path.join(root, '.gitattributes'))) {
  problem('.gitattributes', 'missing: a checkout with core.autocrlf=true (GitHub\'s Windows runners) gets CRLF in mvnw,'
    + ' pom.xml and the properties files, so bash cannot run mvnw and the jar differs');
}
const files = git(['ls-files', '-z']).split('\0').filter(Boolean);
const attrs = new Map();
const out = git(['check-attr', '-z', '--stdin', 'text', 'eol'], files.join('\0') + '\0').split('\0');
for (let i = 0; i + 2 < out.length; i += 3) {
  const [file, attr, value] = [out[i], out[i + 1], out[i + 2]];
  if (!attrs.has(file)) attrs.set(file, {});
  attrs.get(file)[attr] = value;
}
let lfFiles = 0;
const followAutocrlf = [];
for (const file of files) {
  const a = attrs.get(file) || {};
  if (a.text === 'unset') continue; // binary: never converted
  if (a.eol === 'lf') { lfFiles++; continue; }
  if (a.eol === 'crlf' && /\.(cmd|bat)$/i.test(file)) continue; // Windows batch files: CRLF everywhere
  if (a.eol === 'crlf') problem(file, 'eol=crlf on a file that is not a Windows batch file');
  else if (mustBeLf.includes(file)) problem(file, `needs LF on every checkout (it goes into the jar or bash runs it), but`
    + ` its line ends follow core.autocrlf (text=${a.text}, eol=${a.eol})`);
  else followAutocrlf.push(file);
}
if (followAutocrlf.length) {
  problem('.gitattributes', `${followAutocrlf.length} more text files get CRLF on a core.autocrlf=true checkout (no eol=lf),`
    + ` e.g. ${followAutocrlf.slice(0, 3).join(', ')}`);
}

if (problems.length) {
  for (const p of problems) console.error(`lint-release: FAIL: ${p}`);
  console.error(`lint-release: ${problems.length} problem(s) in ${root}`);
  process.exit(1);
}
console.log(`lint-release: OK: ${checked.files} workflows, ${checked.reusable} reusable workflow calls, ${checked.actions}`
  + ` action steps, ${checked.runners} runner labels, ${checked.toolCalls} calls of pinned tools,`
  + ` ${lfFiles} of ${files.length} files LF on every checkout`);
