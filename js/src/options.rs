//! Reading an options object passed from JS. Every key is checked: an
//! unknown one (a typo, an option of the other class) is an error rather
//! than a setting silently ignored, and a value of the wrong type or range
//! says which option and what it got. `undefined` means "the default".

use std::time::Duration;

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::errors::{describe, range_error, type_error};

/// One options object (or `undefined`), with the name it is known by in
/// error messages (`"ReconnectingSocket options.backoff"`).
pub(crate) struct Options {
    object: Option<Object>,
    context: String,
}

impl Options {
    /// Reads `value`, which must be `undefined`, `null` or a plain object
    /// whose keys are all in `known`.
    pub(crate) fn new(value: &JsValue, context: &str, known: &[&str]) -> Result<Self, JsValue> {
        if value.is_undefined() || value.is_null() {
            return Ok(Self {
                object: None,
                context: context.to_owned(),
            });
        }
        if !value.is_object() || Array::is_array(value) || value.is_function() {
            return Err(type_error(&format!(
                "{context} must be an object, not {}",
                describe(value)
            )));
        }
        let object: Object = value.clone().unchecked_into();
        for key in Object::keys(&object).iter() {
            let key = key.as_string().unwrap_or_default();
            if !known.contains(&key.as_str()) {
                return Err(type_error(&format!(
                    "{context}: unknown option {key:?} (known: {})",
                    known.join(", ")
                )));
            }
        }
        Ok(Self {
            object: Some(object),
            context: context.to_owned(),
        })
    }

    /// The value of `key`; `None` if absent or `undefined`.
    pub(crate) fn get(&self, key: &str) -> Option<JsValue> {
        let object = self.object.as_ref()?;
        let value = Reflect::get(object, &key.into()).ok()?;
        (!value.is_undefined()).then_some(value)
    }

    fn wrong_type(&self, key: &str, expected: &str, value: &JsValue) -> JsValue {
        type_error(&format!(
            "{}: {key} must be {expected}, not {}",
            self.context,
            describe(value)
        ))
    }

    fn out_of_range(&self, key: &str, expected: &str, value: f64) -> JsValue {
        range_error(&format!(
            "{}: {key} must be {expected}, not {value}",
            self.context
        ))
    }

    /// Options nested under `key`, e.g. `backoff: { ... }`.
    pub(crate) fn nested(&self, key: &str, known: &[&str]) -> Result<Options, JsValue> {
        let value = self.get(key).unwrap_or(JsValue::UNDEFINED);
        Options::new(&value, &format!("{}.{key}", self.context), known)
    }

    /// A number.
    pub(crate) fn number(&self, key: &str) -> Result<Option<f64>, JsValue> {
        match self.get(key) {
            None => Ok(None),
            Some(value) => match value.as_f64() {
                Some(number) if !number.is_nan() => Ok(Some(number)),
                _ => Err(self.wrong_type(key, "a number", &value)),
            },
        }
    }

    /// A duration in milliseconds: a finite number, at least 0.
    pub(crate) fn millis(&self, key: &str) -> Result<Option<Duration>, JsValue> {
        match self.number(key)? {
            None => Ok(None),
            Some(ms) if ms.is_finite() && ms >= 0.0 => {
                Ok(Some(Duration::from_secs_f64(ms / 1000.0)))
            }
            Some(ms) => {
                Err(self.out_of_range(key, "a finite number of milliseconds, at least 0", ms))
            }
        }
    }

    /// A limit that may be absent: a whole number, or `null` / `Infinity`
    /// for "no limit". `Ok(None)`: not given; `Ok(Some(None))`: no limit.
    pub(crate) fn limit(&self, key: &str) -> Result<Option<Option<f64>>, JsValue> {
        if matches!(self.get(key), Some(value) if value.is_null()) {
            return Ok(Some(None));
        }
        match self.number(key)? {
            None => Ok(None),
            Some(n) if n == f64::INFINITY => Ok(Some(None)),
            Some(n) if n >= 0.0 && n.fract() == 0.0 => Ok(Some(Some(n))),
            Some(n) => {
                Err(self.out_of_range(key, "a whole number at least 0, null or Infinity", n))
            }
        }
    }

    /// A boolean.
    pub(crate) fn boolean(&self, key: &str) -> Result<Option<bool>, JsValue> {
        match self.get(key) {
            None => Ok(None),
            Some(value) => value
                .as_bool()
                .map(Some)
                .ok_or_else(|| self.wrong_type(key, "true or false", &value)),
        }
    }

    /// A function.
    pub(crate) fn function(&self, key: &str) -> Result<Option<Function>, JsValue> {
        match self.get(key) {
            None => Ok(None),
            Some(value) => value
                .dyn_into::<Function>()
                .map(Some)
                .map_err(|value| self.wrong_type(key, "a function", &value)),
        }
    }

    /// One of `choices`.
    pub(crate) fn choice(&self, key: &str, choices: &[&str]) -> Result<Option<String>, JsValue> {
        match self.get(key) {
            None => Ok(None),
            Some(value) => match value.as_string() {
                Some(choice) if choices.contains(&choice.as_str()) => Ok(Some(choice)),
                _ => Err(self.wrong_type(key, &format!("one of {choices:?}"), &value)),
            },
        }
    }

    /// A string or an array of strings (subprotocols).
    pub(crate) fn strings(&self, key: &str) -> Result<Option<Vec<String>>, JsValue> {
        match self.get(key) {
            None => Ok(None),
            Some(value) => strings_from_js(&value)
                .map(Some)
                .ok_or_else(|| self.wrong_type(key, "a string or an array of strings", &value)),
        }
    }
}

/// A string, or an array of nothing but strings.
pub(crate) fn strings_from_js(value: &JsValue) -> Option<Vec<String>> {
    if let Some(single) = value.as_string() {
        return Some(vec![single]);
    }
    if !Array::is_array(value) {
        return None;
    }
    Array::from(value)
        .iter()
        .map(|item| item.as_string())
        .collect()
}
