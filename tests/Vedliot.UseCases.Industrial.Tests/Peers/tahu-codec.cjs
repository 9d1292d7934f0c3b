// Eclipse Tahu's Sparkplug B codec (npm sparkplug-payload@1.0.3) as the tests' peer. Reads lines
// "decode BASE64" (a payload) or "encode BASE64" (a JSON payload object) and answers each with one
// line: the decoded payload as JSON (64-bit integers as numbers), or the encoded payload in base64.
const { decodePayload, encodePayload } = require('sparkplug-payload').get('spBv1.0');
const readline = require('readline');

const lines = readline.createInterface({ input: process.stdin });
const longs = (key, value) => (value && typeof value === 'object' && typeof value.toNumber === 'function') ? value.toNumber() : value;
lines.on('line', line => {
  const [mode, data] = line.split(' ');
  const bytes = Buffer.from(data || '', 'base64');
  if (mode === 'decode') {
    console.log(JSON.stringify(decodePayload(bytes), longs));
  } else if (mode === 'encode') {
    console.log(Buffer.from(encodePayload(JSON.parse(bytes.toString('utf8')))).toString('base64'));
  } else {
    console.log(JSON.stringify({ error: `unknown mode '${mode}'` }));
  }
});
