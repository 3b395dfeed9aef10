// /v1/products: create, retrieve (deleted → stub), update, list (active filter), delete (refused
// while the product has prices, as Stripe does). Emits product.created/updated/deleted.
// Catalog state lives beside the account (a WeakMap keyed by AccountState) so the shared store
// needs no change and reset() drops it with the account.
import type Stripe from 'stripe';
import { route, snapshot, type RequestContext, type Route } from '../context';
import { invalidRequest, missingParam, noSuch } from '../errors';
import { mergeMetadata, optBool, optNullableString, optString, type Params } from '../form';
import { newId, nowSeconds } from '../ids';
import { newestFirst, paginate } from '../lists';
import type { AccountState } from '../store';

export interface CatalogState {
  products: Map<string, Stripe.Product>;
  deletedProducts: Set<string>;
  prices: Map<string, Stripe.Price>;
}

const catalogs = new WeakMap<AccountState, CatalogState>();

export function catalogOf(state: AccountState): CatalogState {
  let catalog = catalogs.get(state);
  if (!catalog) {
    catalog = { products: new Map(), deletedProducts: new Set(), prices: new Map() };
    catalogs.set(state, catalog);
  }
  return catalog;
}

/** For persistence.ts. */
export function loadCatalog(state: AccountState, saved: CatalogState): void {
  catalogs.set(state, saved);
}

/** The product's name for a price, as Stripe prints it in proration line descriptions. */
export function productNameOf(ctx: RequestContext) {
  return (price: Stripe.Price) => {
    const productId = typeof price.product === 'string' ? price.product : price.product.id;
    return catalogOf(ctx.state).products.get(productId)?.name ?? productId;
  };
}

export function requireProduct(ctx: RequestContext, id: string, param = 'id'): Stripe.Product {
  const product = catalogOf(ctx.state).products.get(id);
  if (!product) throw noSuch('product', id, param);
  return product;
}

function applyFields(product: Stripe.Product, p: Params): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  const name = optString(p, 'name');
  if (name !== undefined && name !== product.name) {
    if (name === '') throw invalidRequest('You must provide a non-empty name.', { param: 'name' });
    previous.name = product.name;
    product.name = name;
  }
  const description = optNullableString(p, 'description');
  if (description !== undefined && description !== product.description) {
    previous.description = product.description;
    product.description = description;
  }
  const active = optBool(p, 'active');
  if (active !== undefined && active !== product.active) {
    previous.active = product.active;
    product.active = active;
  }
  if (p.metadata !== undefined) {
    const next = mergeMetadata(product.metadata, p);
    if (JSON.stringify(next) !== JSON.stringify(product.metadata)) {
      previous.metadata = product.metadata;
      product.metadata = next;
    }
  }
  return previous;
}

function create(ctx: RequestContext): Stripe.Product {
  if (!optString(ctx.params, 'name')) throw missingParam('name');
  const now = nowSeconds();
  const product: Stripe.Product = {
    id: optString(ctx.params, 'id') ?? newId('prod'),
    object: 'product',
    active: true,
    created: now,
    default_price: null,
    description: null,
    images: [],
    livemode: ctx.livemode,
    marketing_features: [],
    metadata: {},
    name: '',
    package_dimensions: null,
    shippable: null,
    tax_details: null,
    type: 'service',
    updated: now,
    url: null,
  };
  const catalog = catalogOf(ctx.state);
  if (catalog.products.has(product.id)) {
    throw invalidRequest(`Product already exists.`, { param: 'id', code: 'resource_already_exists' });
  }
  applyFields(product, ctx.params);
  catalog.products.set(product.id, product);
  ctx.emit('product.created', snapshot(product));
  return product;
}

function update(ctx: RequestContext, id: string): Stripe.Product {
  const product = requireProduct(ctx, id);
  const previous = applyFields(product, ctx.params);
  if (Object.keys(previous).length > 0) {
    product.updated = nowSeconds();
    ctx.emit('product.updated', snapshot(product), previous);
  }
  return product;
}

function retrieve(ctx: RequestContext, id: string): Stripe.Product | Stripe.DeletedProduct {
  if (catalogOf(ctx.state).deletedProducts.has(id)) return { id, object: 'product', deleted: true };
  return requireProduct(ctx, id);
}

function del(ctx: RequestContext, id: string): Stripe.DeletedProduct {
  const product = requireProduct(ctx, id);
  const catalog = catalogOf(ctx.state);
  for (const price of catalog.prices.values()) {
    if (price.product === id) {
      throw invalidRequest('This product cannot be deleted because it has one or more user-created prices.', { param: 'id' });
    }
  }
  catalog.products.delete(id);
  catalog.deletedProducts.add(id);
  ctx.emit('product.deleted', snapshot(product));
  return { id, object: 'product', deleted: true };
}

function list(ctx: RequestContext): Stripe.ApiList<Stripe.Product> {
  const active = optBool(ctx.params, 'active');
  const items = newestFirst(catalogOf(ctx.state).products).filter((p) => active === undefined || p.active === active);
  return paginate(items, ctx.params, '/v1/products');
}

export const productRoutes: Route[] = [
  route('POST', '/v1/products', create),
  route('GET', '/v1/products', list),
  route('GET', '/v1/products/:id', retrieve),
  route('POST', '/v1/products/:id', update),
  route('DELETE', '/v1/products/:id', del),
];
