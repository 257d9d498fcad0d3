//! Reading an options object passed from JS. Every key is checked: an
//! unknown one (a typo, an option of the other class) is an error rather
//! than a setting silently ignored, and a value of the wrong type or range
//! says which option (its whole path, `heartbeat.intervalMs`) and what it
//! got. `undefined` means "the default".
//!
//! Every number option, a duration in milliseconds or a count, is read by
//! one rule, [`amount`]:
//!
//! - a value that is not a number (a string, say) is a `TypeError`;
//! - `NaN` and negative numbers are a `RangeError`;
//! - a duration may have a fraction of a millisecond; a count must be a
//!   whole number (`RangeError`);
//! - `Infinity`, and any value too large to hold (`1e300`,
//!   `Number.MAX_VALUE`), means no limit: a count without bound, or a
//!   duration of forever ([`Duration::MAX`]; the engine waits that long in
//!   steps of what `setTimeout` honours);
//! - 0 is refused with a `RangeError` by the durations for which it makes
//!   no sense (a connect timeout, a heartbeat interval, an idle timeout),
//!   each saying why; elsewhere it means what it says (retry at once, no
//!   retries, an empty queue).
//!
//! The limits whose default is "no limit" also take `null` for it.

use std::time::Duration;

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::errors::{describe, range_error, type_error};

/// One options object (or `undefined`): `owner` names it in error messages
/// (`"ReconnectingSocket options"`), `path` is where it sits in it
/// (`"backoff."` for the nested `backoff` object, `""` at the top).
pub(crate) struct Options {
    object: Option<Object>,
    owner: String,
    path: String,
}

/// What a number option holds, read by [`amount`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Amount {
    /// A finite number, at least 0.
    Finite(f64),
    /// `Infinity` (or `null` where a limit takes it): no limit.
    Unlimited,
}

/// Whether a duration may be 0; if not, why not (for the error message).
#[derive(Clone, Copy)]
pub(crate) enum Zero {
    Allowed,
    Refused(&'static str),
}

/// Why a number option was refused: a wrong type or a wrong range, with
/// what was expected.
enum Refusal {
    Type(&'static str),
    Range(&'static str),
}

/// The one rule for every number option (see the module docs): `whole`
/// asks for a whole number (a count), else a fraction is kept (a duration).
fn amount(value: &JsValue, whole: bool) -> Result<Amount, Refusal> {
    let expected = if whole {
        "a whole number at least 0 (Infinity: no limit)"
    } else {
        "a number of milliseconds at least 0 (Infinity: no limit)"
    };
    let Some(number) = value.as_f64() else {
        return Err(Refusal::Type(expected));
    };
    if number.is_nan() || number < 0.0 {
        return Err(Refusal::Range(expected));
    }
    if number == f64::INFINITY {
        return Ok(Amount::Unlimited);
    }
    if whole && number.fract() != 0.0 {
        return Err(Refusal::Range(expected));
    }
    Ok(Amount::Finite(number))
}

/// Milliseconds as a `Duration`: beyond what a `Duration` holds (about
/// 5.8e11 years) is forever, [`Duration::MAX`]; so is [`Amount::Unlimited`].
pub(crate) fn duration_of(amount: Amount) -> Duration {
    match amount {
        Amount::Unlimited => Duration::MAX,
        Amount::Finite(ms) => Duration::try_from_secs_f64(ms / 1000.0).unwrap_or(Duration::MAX),
    }
}

/// A count as a `u64`: `None` for no limit, which is also what a count
/// beyond `u64::MAX` amounts to.
pub(crate) fn count_of(amount: Amount) -> Option<u64> {
    match amount {
        // `as` saturates; a whole f64 at or above 2^64 is no limit.
        Amount::Finite(n) if n < u64::MAX as f64 => Some(n as u64),
        _ => None,
    }
}

/// A byte limit from [`Options::count`]: no limit (`null`, `Infinity`, or
/// more than the address space) is `usize::MAX`, which turns a check off.
pub(crate) fn bytes_limit(count: Option<u64>) -> usize {
    count.map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX))
}

impl Options {
    /// Reads `value`, which must be `undefined`, `null` or a plain object
    /// whose keys are all in `known`.
    pub(crate) fn new(value: &JsValue, owner: &str, known: &[&str]) -> Result<Self, JsValue> {
        Self::at(value, owner, String::new(), known)
    }

    fn at(value: &JsValue, owner: &str, path: String, known: &[&str]) -> Result<Self, JsValue> {
        let options = Self {
            object: None,
            owner: owner.to_owned(),
            path,
        };
        if value.is_undefined() || value.is_null() {
            return Ok(options);
        }
        if !value.is_object() || Array::is_array(value) || value.is_function() {
            let what = match options.path.strip_suffix('.') {
                Some(parent) => format!("{owner}: {parent}"),
                None => owner.to_owned(),
            };
            return Err(type_error(&format!(
                "{what} must be an object, not {}",
                describe(value)
            )));
        }
        let object: Object = value.clone().unchecked_into();
        for key in Object::keys(&object).iter() {
            let key = key.as_string().unwrap_or_default();
            if !known.contains(&key.as_str()) {
                return Err(type_error(&format!(
                    "{owner}: unknown option \"{}\" (known here: {})",
                    options.name(&key),
                    known.join(", ")
                )));
            }
        }
        Ok(Self {
            object: Some(object),
            ..options
        })
    }

    /// The option's whole name: `heartbeat.intervalMs`.
    pub(crate) fn name(&self, key: &str) -> String {
        format!("{}{key}", self.path)
    }

    /// The value of `key`; `None` if absent or `undefined`.
    pub(crate) fn get(&self, key: &str) -> Option<JsValue> {
        let object = self.object.as_ref()?;
        let value = Reflect::get(object, &key.into()).ok()?;
        (!value.is_undefined()).then_some(value)
    }

    fn wrong_type(&self, key: &str, expected: &str, value: &JsValue) -> JsValue {
        type_error(&format!(
            "{}: {} must be {expected}, not {}",
            self.owner,
            self.name(key),
            describe(value)
        ))
    }

    fn out_of_range(&self, key: &str, expected: &str, value: &JsValue) -> JsValue {
        range_error(&format!(
            "{}: {} must be {expected}, not {}",
            self.owner,
            self.name(key),
            describe(value)
        ))
    }

    /// Options nested under `key`, e.g. `backoff: { ... }`.
    pub(crate) fn nested(&self, key: &str, known: &[&str]) -> Result<Options, JsValue> {
        let value = self.get(key).unwrap_or(JsValue::UNDEFINED);
        Options::at(&value, &self.owner, format!("{}{key}.", self.path), known)
    }

    /// A number option read by the one rule; `null` is no limit if
    /// `nullable`.
    fn amount(&self, key: &str, whole: bool, nullable: bool) -> Result<Option<Amount>, JsValue> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        if nullable && value.is_null() {
            return Ok(Some(Amount::Unlimited));
        }
        match amount(&value, whole) {
            Ok(amount) => Ok(Some(amount)),
            Err(Refusal::Type(expected)) => Err(self.wrong_type(key, expected, &value)),
            Err(Refusal::Range(expected)) => Err(self.out_of_range(key, expected, &value)),
        }
    }

    /// A duration in milliseconds; 0 refused unless `zero` allows it.
    pub(crate) fn duration(&self, key: &str, zero: Zero) -> Result<Option<Duration>, JsValue> {
        self.duration_or_unlimited(key, zero, false)
            .map(|amount| amount.map(duration_of))
    }

    /// A duration whose limit may be lifted with `null` as well as
    /// `Infinity`: `Some(None)` means no limit.
    pub(crate) fn duration_limit(&self, key: &str) -> Result<Option<Option<Duration>>, JsValue> {
        Ok(self
            .duration_or_unlimited(key, Zero::Allowed, true)?
            .map(|amount| match amount {
                Amount::Unlimited => None,
                finite => Some(duration_of(finite)),
            }))
    }

    fn duration_or_unlimited(
        &self,
        key: &str,
        zero: Zero,
        nullable: bool,
    ) -> Result<Option<Amount>, JsValue> {
        let amount = self.amount(key, false, nullable)?;
        if let (Zero::Refused(why), Some(amount)) = (zero, amount) {
            // Also what rounds down to no time at all (1e-300).
            if amount != Amount::Unlimited && duration_of(amount).is_zero() {
                return Err(range_error(&format!(
                    "{}: {} must be more than 0 milliseconds ({why}), not {}",
                    self.owner,
                    self.name(key),
                    describe(&self.get(key).unwrap_or_default())
                )));
            }
        }
        Ok(amount)
    }

    /// A count (whole, at least 0); `null` or `Infinity` (or a count too
    /// large to hold) is no limit: `Some(None)`.
    pub(crate) fn count(&self, key: &str) -> Result<Option<Option<u64>>, JsValue> {
        Ok(self.amount(key, true, true)?.map(count_of))
    }

    /// A number at least `min`, by the same rule (`Infinity` and huge
    /// values allowed, meaning as much as there can be).
    pub(crate) fn number_at_least(
        &self,
        key: &str,
        min: f64,
        expected: &str,
    ) -> Result<Option<f64>, JsValue> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        match value.as_f64() {
            None => Err(self.wrong_type(key, expected, &value)),
            Some(number) if number.is_nan() || number < min => {
                Err(self.out_of_range(key, expected, &value))
            }
            Some(number) => Ok(Some(number)),
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
                _ => Err(self.wrong_type(
                    key,
                    &format!("one of \"{}\"", choices.join("\", \"")),
                    &value,
                )),
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
