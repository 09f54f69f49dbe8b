// Lives in main/demo/fake-arr-nzbget.ts: the shipped demo (dist/main/demo.js, bundled
// from main/) runs the fake *arr apps and main/ never imports from test/.
// Tests keep importing it from here.
export * from '../../main/demo/fake-arr-nzbget';
