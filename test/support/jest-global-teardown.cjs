// jest's global teardown (jest.config.js): in an in-band run it runs in the process of the tests, where it closes
// the browser the files shared (./jest-environment.cjs), so jest exits at once; with workers it finds none here.
module.exports = () => require('./jest-environment.cjs').closeSharedChromium();
