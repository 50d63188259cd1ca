//! The products the counter offers, as last fetched, kept on disk so the counter opens
//! at once and keeps selling when IIMMPACT's catalogue cannot be had.
//!
//! The merchant's catalogue (`../shared/iimmpact-api.md` §3.4) decides which products are
//! offered, in which order, under which group and category, and by what name. Its
//! product schema past that is undocumented (§5.10), so each product's form (account
//! label and keyboard, denominations, sub-products) comes from the documented product
//! list (§3.2), matched by code. Both are kept as product-list records, the one shape
//! every counter rule already reads.

use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, TimeDelta, Utc};
use iimmpact::models::{
    Catalog, CatalogCategory, CatalogGroup, CatalogProduct, Product, ProductStatus,
};
use iimmpact::Timestamp;
use serde::{Deserialize, Serialize};

use crate::atomic_file::AtomicFile;
use crate::paths::Paths;
use crate::{Environment, Error, Result};

/// A cache older than this is shown at once and fetched again behind it. The catalogue
/// changes when the merchant edits it in the dashboard, rarely within a shift.
const REFRESH_AFTER: TimeDelta = TimeDelta::minutes(10);

/// Where the products came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Catalog,
    /// The legacy list: the catalogue was not served, or failed with nothing cached.
    ProductList,
}

/// The products as last fetched, in the order the counter offers them; the inactive
/// ones are kept (marked so) for the payment's own check, and never offered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedProducts {
    pub fetched_at: DateTime<Utc>,
    /// The catalogue's own date (`last_updated`); none for the product list.
    pub last_updated: Option<Timestamp>,
    pub source: Source,
    /// `product_group` and `category` hold the catalogue's group and category names.
    pub products: Vec<Product>,
}

impl CachedProducts {
    /// The catalogue's products in its tree's order, each with its form from `forms`
    /// (the product list, or the products cached before when the list cannot be had).
    /// A product the catalogue has but the tree does not place comes after the rest,
    /// without a group, rather than being lost; one either side calls inactive is
    /// inactive.
    pub fn from_catalog(catalog: &Catalog, forms: &[Product], now: DateTime<Utc>) -> Self {
        let mut placed: HashSet<&str> = HashSet::new();
        let mut products = Vec::new();
        for group in &catalog.tree.groups {
            for category in &group.categories {
                for code in &category.product_codes {
                    let Some(item) = catalog.products.get(code) else {
                        continue;
                    };
                    if placed.insert(code) {
                        products.push(shelved(code, item, Some((group, category)), forms));
                    }
                }
            }
        }
        let unplaced = catalog
            .products
            .iter()
            .filter(|(code, _)| !placed.contains(code.as_str()));
        products.extend(unplaced.map(|(code, item)| shelved(code, item, None, forms)));
        Self {
            fetched_at: now,
            last_updated: catalog.last_updated,
            source: Source::Catalog,
            products,
        }
    }

    /// The product list, in its order.
    pub fn from_list(list: Vec<Product>, now: DateTime<Utc>) -> Self {
        Self {
            fetched_at: now,
            last_updated: None,
            source: Source::ProductList,
            products: list,
        }
    }

    /// What the counter offers: the active products.
    pub fn on_sale(&self) -> impl Iterator<Item = &Product> {
        self.products.iter().filter(|p| p.is_active())
    }

    pub fn is_stale(&self, now: DateTime<Utc>) -> bool {
        now - self.fetched_at >= REFRESH_AFTER
    }
}

/// The counter's record of the catalogue's product `key`.
fn shelved(
    key: &str,
    item: &CatalogProduct,
    place: Option<(&CatalogGroup, &CatalogCategory)>,
    forms: &[Product],
) -> Product {
    let code = match item.code.trim() {
        "" => key,
        code => code,
    };
    let form = forms
        .iter()
        .find(|p| p.product_code.eq_ignore_ascii_case(code));
    let mut product = form.cloned().unwrap_or_else(|| form_of(item));
    product.product_code = code.to_owned();
    if !item.name.trim().is_empty() {
        product.product_name = item.name.clone();
    }
    product.status = match item.is_active() && form.is_none_or(Product::is_active) {
        true => ProductStatus::Active,
        false => ProductStatus::Inactive,
    };
    product.product_group = place.map(|(group, _)| group.name.clone());
    product.category = place.map(|(_, category)| category.name.clone());
    product.image_url = item.image_url.clone().or(product.image_url);
    product
}

/// What the catalogue alone says of a product's form: its account field's label, and
/// whether a choice other than the amount is picked. No denominations: any amount is
/// typed, and IIMMPACT checks it.
fn form_of(item: &CatalogProduct) -> Product {
    let field = |id: &str| item.fields.iter().find(|f| f.id == id);
    let has_choice = item
        .fields
        .iter()
        .any(|f| f.field_type == "select" && f.role.as_deref() != Some("pricing"));
    Product {
        product_code: item.code.clone(),
        product_name: item.name.clone(),
        status: ProductStatus::Active,
        has_subproduct: Some(has_choice),
        product_remarks: None,
        account_label: field("account").map(|f| f.label.clone()),
        keyboard_type: None,
        denomination: String::new(),
        common_denominations: String::new(),
        denomination_data_type: None,
        denomination_currency: None,
        product_group: None,
        category: None,
        image_url: None,
        account_type: None,
        is_refundable: None,
    }
}

/// The cache file of one environment, in the data directory.
#[derive(Debug, Clone)]
pub struct ProductCache {
    path: PathBuf,
}

impl ProductCache {
    pub fn new(paths: &Paths, environment: Environment) -> Self {
        Self {
            path: paths
                .data_dir()
                .join(format!("products-{environment}.json")),
        }
    }

    /// The cached products; none when there is no file or it cannot be read (then the
    /// products are fetched as on a first start).
    pub fn load(&self) -> Option<CachedProducts> {
        let text = match std::fs::read(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => {
                tracing::warn!(path = %self.path.display(), error = %e, "could not read the product cache");
                return None;
            }
        };
        serde_json::from_slice(&text)
            .inspect_err(|e| tracing::warn!(path = %self.path.display(), error = %e, "the product cache is damaged; ignoring it"))
            .ok()
    }

    pub fn save(&self, products: &CachedProducts) -> Result<()> {
        let mut file = AtomicFile::create(&self.path)?;
        let json = serde_json::to_vec(products).expect("cached products always serialise");
        file.write_all(&json)
            .map_err(|e| Error::io(format!("writing {}", self.path.display()), e))?;
        file.commit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iimmpact::models::DataEnvelope;

    fn catalog(json: &str) -> Catalog {
        serde_json::from_str(json).unwrap()
    }

    fn list(json: &str) -> Vec<Product> {
        serde_json::from_str::<DataEnvelope<Vec<Product>>>(json)
            .unwrap()
            .data
    }

    fn codes<'a>(products: impl Iterator<Item = &'a Product>) -> Vec<&'a str> {
        products.map(|p| p.product_code.as_str()).collect()
    }

    const TREE: &str = r#"{
      "last_updated": "2025-01-07T00:00:00Z",
      "tree": {"groups": [
        {"id": "grp_bills", "name": "Bills", "categories": [
          {"id": "cat_utilities", "name": "Utilities", "product_codes": ["TNB", "OLD"]}]},
        {"id": "grp_mobile", "name": "Mobile", "categories": [
          {"id": "cat_prepaid", "name": "Prepaid Reload", "product_codes": ["D", "M", "GONE", "TNB"]}]}]},
      "products": {
        "D": {"code": "D", "name": "Digi (our name)"},
        "M": {"code": "M", "name": "Maxis", "is_active": false},
        "TNB": {"code": "TNB", "name": "TNB"},
        "OLD": {"code": "OLD", "name": "Retired"},
        "HI": {"code": "HI", "name": "Hotlink Internet",
               "fields": [{"id": "account", "label": "Mobile Number", "type": "text"},
                          {"id": "plan", "label": "Plan", "type": "select"}]}
      }
    }"#;

    const LIST: &str = r#"{"data": [
      {"product_code": "d", "product_name": "Digi Prepaid", "status": "Active", "account_type": "phone_number",
       "account_label": "Mobile Number", "denomination": "5,10", "product_group": "Mobile Reload"},
      {"product_code": "M", "product_name": "Maxis", "status": "Active"},
      {"product_code": "OLD", "product_name": "Retired", "status": "Inactive"},
      {"product_code": "TNB", "product_name": "Tenaga", "status": "Active", "keyboard_type": "Numeric"}]}"#;

    #[test]
    fn the_catalogue_orders_names_and_places_the_products_the_list_shapes() {
        let now = Utc::now();
        let cached = CachedProducts::from_catalog(&catalog(TREE), &list(LIST), now);
        assert_eq!(
            codes(cached.on_sale()),
            ["TNB", "D", "HI"],
            "the tree's order, once each; inactive on either side (M, OLD) and unknown codes not offered; unplaced last"
        );
        assert_eq!(
            codes(cached.products.iter()),
            ["TNB", "OLD", "D", "M", "HI"],
            "the inactive are kept for the payment's check"
        );
        let digi = &cached.products[2];
        assert_eq!(digi.product_name, "Digi (our name)");
        assert_eq!(digi.product_group.as_deref(), Some("Mobile"));
        assert_eq!(digi.category.as_deref(), Some("Prepaid Reload"));
        assert_eq!(digi.denominations().len(), 2, "the list's form is kept");
        assert_eq!(cached.products[0].product_group.as_deref(), Some("Bills"));
        let hotlink = &cached.products[4];
        assert_eq!(hotlink.product_group, None);
        assert_eq!(hotlink.account_label.as_deref(), Some("Mobile Number"));
        assert_eq!(hotlink.has_subproduct, Some(true), "a plan is picked");
        assert!(hotlink.denominations().is_empty());
        assert_eq!(cached.source, Source::Catalog);
        assert_eq!(
            cached.last_updated.unwrap().to_string(),
            "2025-01-07 08:00:00"
        );
    }

    #[test]
    fn the_list_alone_offers_its_active_products_in_its_order() {
        let cached = CachedProducts::from_list(list(LIST), Utc::now());
        assert_eq!(codes(cached.on_sale()), ["d", "M", "TNB"]);
        assert_eq!(cached.source, Source::ProductList);
        assert_eq!(cached.last_updated, None);
    }

    #[test]
    fn a_cache_is_fetched_again_once_ten_minutes_old() {
        let now = Utc::now();
        let cached = CachedProducts::from_list(Vec::new(), now);
        assert!(!cached.is_stale(now + TimeDelta::minutes(9)));
        assert!(cached.is_stale(now + TimeDelta::minutes(10)));
    }

    #[test]
    fn the_cache_file_round_trips_and_a_damaged_one_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::under(dir.path());
        paths.create_all().unwrap();
        let cache = ProductCache::new(&paths, Environment::Staging);
        assert_eq!(cache.load(), None);
        let cached = CachedProducts::from_catalog(&catalog(TREE), &list(LIST), Utc::now());
        cache.save(&cached).unwrap();
        assert_eq!(cache.load(), Some(cached));
        assert_eq!(
            ProductCache::new(&paths, Environment::Production).load(),
            None,
            "one cache per environment"
        );
        std::fs::write(&cache.path, b"{\"products\": [").unwrap();
        assert_eq!(cache.load(), None);
    }
}
