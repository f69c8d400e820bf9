import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { createTenant, uniqueSlug } from '../harness/auth.js';
import { checkA11y, launchBrowser, newJourney, screenshot } from '../harness/browser.js';
import { MODE, Product } from '../harness/product.js';

/**
 * What a developer gets from `npm start`: the console at /console with the development sign-in
 * (NODE_ENV=development), in this run's runtime. Pick a role and a tenant, and the calendar opens.
 */
describe(`the console's development sign-in (${MODE})`, () => {
  let product: Product;
  let browser: Browser;
  const slug = uniqueSlug('dev');

  beforeAll(async () => {
    product = await Product.start({ NODE_ENV: 'development' }, MODE);
    await createTenant(product, slug, 'Europe/Amsterdam');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it('signs an editor of a chosen tenant in, and the calendar opens in the tenant\'s zone', async () => {
    const { page, problems, close } = await newJourney(browser);
    try {
      await page.goto(`${product.url.replace('localhost', '127.0.0.1')}/console/`);
      const form = page.getByRole('form', { name: 'Development sign-in' });
      await form.getByRole('combobox', { name: 'Role' }).click();
      await page.getByRole('option', { name: /^Editor/ }).click();
      await form.getByRole('combobox', { name: 'Tenant' }).click();
      await page.getByRole('option', { name: new RegExp(slug) }).click();
      await checkA11y(page, 'development sign-in');
      await screenshot(page, 'sign-in-development');
      await form.getByRole('button', { name: 'Sign in as editor' }).click();
      await page.getByRole('heading', { level: 2, name: 'Calendar' }).waitFor();
      await page.getByText('Europe/Amsterdam').first().waitFor();
      await page.getByText(`dev:editor@${slug}`).waitFor();
      problems.expectNone();
    } finally {
      await close();
    }
  });
});
