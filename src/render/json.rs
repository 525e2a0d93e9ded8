//! Page contexts from JSON: a cheap conversion of the views' `serde_json` trees into template
//! values.
//!
//! Input: a `serde_json::Value` built by the views. Output: a minijinja [`Value`] with the same
//! content. Guarantee: templates see exactly what `Value::from_serialize` would give them (maps
//! with string keys, sequences, strings, numbers, booleans, none), but the tree is consumed
//! rather than copied: keys are moved into a sorted vector (serde_json's map is already sorted)
//! instead of being re-inserted one by one into a `BTreeMap<Value, Value>`. An object marked
//! with [`LAZY_KEY`] (a placeholder the views put for a row made on demand) is handed to the
//! caller's hook by [`to_value_with`] instead of being converted.

use std::sync::Arc;

use minijinja::Value;
use minijinja::value::{Enumerator, Object, ObjectExt, ObjectRepr};
use serde_json::Value as J;

/// The key that marks a JSON object as a placeholder for a value made on demand (see
/// [`to_value_with`]). It starts with a NUL character, so no key of a view can be it.
pub const LAZY_KEY: &str = "\u{0}lazy";

/// Converts a JSON tree into a template value, consuming it.
pub fn to_value(j: J) -> Value {
    convert(j, None)
}

/// [`to_value`], where every object holding [`LAZY_KEY`] is handed to `lazy`, which makes its
/// value (the views put placeholders in their trees for rows that are built only when a
/// template reads them).
pub fn to_value_with(j: J, lazy: &dyn Fn(serde_json::Map<String, J>) -> Value) -> Value {
    convert(j, Some(lazy))
}

fn convert(j: J, lazy: Option<&dyn Fn(serde_json::Map<String, J>) -> Value>) -> Value {
    match (j, lazy) {
        (J::Object(m), Some(lazy)) if m.contains_key(LAZY_KEY) => lazy(m),
        (J::Array(a), _) => Value::from(
            a.into_iter()
                .map(|v| convert(v, lazy))
                .collect::<Vec<Value>>(),
        ),
        (J::Object(m), _) => Value::from_object(SortedMap(
            m.into_iter().map(|(k, v)| (k, convert(v, lazy))).collect(),
        )),
        (other, _) => scalar(other),
    }
}

/// A JSON value without children as a template value.
fn scalar(j: J) -> Value {
    match j {
        J::Null => Value::from(()),
        J::Bool(b) => Value::from(b),
        J::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                Value::from(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        J::String(s) => Value::from(s),
        // Not reached: `to_value_with` converts these itself.
        J::Array(_) | J::Object(_) => Value::UNDEFINED,
    }
}

/// A map with string keys, sorted by key (binary-searched on lookup).
#[derive(Debug, Default)]
pub struct SortedMap(pub Vec<(String, Value)>);

impl SortedMap {
    /// The value of a key.
    pub fn find(&self, key: &str) -> Option<Value> {
        self.0
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .map(|i| self.0[i].1.clone())
    }
}

impl Object for SortedMap {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.find(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        self.find(key)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        self.mapped_enumerator(|this| Box::new(this.0.iter().map(|(k, _)| Value::from(k.as_str()))))
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::Environment;
    use serde_json::json;

    /// Templates render the converted value exactly as the serde conversion.
    #[test]
    fn same_output_as_from_serialize() {
        let ctx = json!({
            "title": "Nhiệm vụ <1> & \"2\"",
            "empty": {},
            "none": null,
            "n": 3, "x": 1.5, "yes": true,
            "rows": [{"a": "x", "b": [1, 2]}, {"a": "y", "b": []}],
            "map": {"z": 1, "a": 2, "m": {"k": "v"}},
        });
        let src = "{{ title }}|{% if empty %}E{% endif %}{% if map %}M{% endif %}|{{ none is none }}|\
            {{ n + 1 }} {{ x }} {{ yes }}|{% for r in rows %}{{ r.a }}{{ r.b|length }}{% if r.b %}+{% endif %}{% endfor %}|\
            {% for k in map %}{{ k }}{% endfor %}|{{ map.m.k }}{{ map['z'] }}|{{ map|length }}|{{ rows[1].a }}";
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.add_template("t.html", src).unwrap();
        let t = env.get_template("t.html").unwrap();
        let a = t.render(Value::from_serialize(&ctx)).unwrap();
        let b = t.render(to_value(ctx)).unwrap();
        assert_eq!(a, b);
        assert!(a.starts_with("Nhiệm vụ &lt;1&gt;"), "{a}");
        let missing = env
            .render_str("{{ x.nope }}", to_value(json!({"x": {}})))
            .unwrap_err();
        assert_eq!(missing.kind(), minijinja::ErrorKind::UndefinedError);
    }
}
