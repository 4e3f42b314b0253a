//! `model!`: one immutable Python class over a core value, from the list of its attributes.
//! Every model has the same plumbing (getters, `to_dict`/`from_dict`, `==`/`hash`, `repr`);
//! written once here, each model in models.rs states only its fields and what is its own.

use pyo3::prelude::*;
use pyo3::IntoPyObjectExt;

/// `repr()` of a Python value, for building readable model reprs.
pub fn py_repr<'py, T: IntoPyObject<'py>>(py: Python<'py>, value: T) -> PyResult<String> {
    let value = value.into_bound_py_any(py)?;
    Ok(value.repr()?.to_string())
}

/// Declares `$name`, a frozen `#[pyclass]` holding a `$core`, with:
///
/// - `fields`: in `to_dict()` order, each attribute with its doc, becomes a getter and a
///   `to_dict` entry. `name: Kind` is a field of the core value converted by a
///   `fields::Field` kind (and read back by `from_dict`); `name: Type = expr` is derived from
///   the core value (named by `fields |v|`), a `Type` converted as it is (`from_dict` skips it);
///   `name: Kind => place` is a field nested in the core value (`v.item.name`) converted by a
///   kind, which `from_dict` leaves to the `restored` section;
/// - `restored { field: Kind, … }` (optional): core fields that are not attributes themselves,
///   read back by `from_dict` through their kind (which reads the keys it needs from the dict);
/// - `compare |v| key`: what `==` compares (and `hash` hashes, unless `hash |v| key` is given,
///   for a model holding a value without a hash: equal models must have equal hash keys);
/// - `repr |v| { label: value, … }`: `Name(label=repr(value), …)`, plus the labels after
///   `if condition => { … }` when it holds;
/// - the docs of `to_dict` and `from_dict`, then `methods { … }` with any other methods.
macro_rules! model {
    (
        $(#[$class_doc:meta])*
        $name:ident(seedance_assets::$core:ident);
        fields |$v:ident| {
            $($(#[$doc:meta])* $field:ident: $kind:ty $(= $derived:expr)? $(=> $nested:expr)?,)*
        }
        $(restored { $($hidden:ident: $hidden_kind:ty),* $(,)? })?
        compare |$c:ident| $compared:expr;
        $(hash |$h:ident| $hashed:expr;)?
        repr |$r:ident| { $($label:ident: $shown:expr),* $(,)? }
            $(if $condition:expr => { $($more:ident: $more_shown:expr),* $(,)? })?;
        $(#[$to_dict_doc:meta])* to_dict;
        $(#[$from_dict_doc:meta])* from_dict;
        $(methods { $($methods:tt)* })?
    ) => {
        $(#[$class_doc])*
        #[pyclass(frozen, eq, hash, module = "seedance_assets")]
        pub struct $name(pub seedance_assets::$core);

        impl $name {
            /// What `==` compares.
            fn compared(&self) -> impl PartialEq + '_ {
                let $c = &self.0;
                $compared
            }

            /// What `hash` hashes.
            fn hashed(&self) -> impl std::hash::Hash + '_ {
                $crate::model::model!(@hashed self, $c, $compared $(, $h, $hashed)?)
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.compared() == other.compared()
            }
        }

        impl std::hash::Hash for $name {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                std::hash::Hash::hash(&self.hashed(), state);
            }
        }

        #[pymethods]
        impl $name {
            $(
                $(#[$doc])*
                #[getter]
                fn $field<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    $crate::model::model!(@value self, py, false, $v, $field, $kind $(, = $derived)? $(, => $nested)?)
                }
            )*

            $(#[$to_dict_doc])*
            #[pyo3(signature = (*, json = false))]
            fn to_dict<'py>(&self, py: Python<'py>, json: bool) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
                let dict = pyo3::types::PyDict::new(py);
                $(
                    dict.set_item(
                        stringify!($field),
                        $crate::model::model!(@value self, py, json, $v, $field, $kind $(, = $derived)? $(, => $nested)?)?,
                    )?;
                )*
                Ok(dict)
            }

            $(#[$from_dict_doc])*
            #[classmethod]
            fn from_dict(_cls: &Bound<'_, pyo3::types::PyType>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
                $crate::model::model!(@restore data, $core, [
                    $($($hidden: <$hidden_kind as $crate::fields::Field>::restore(data, stringify!($hidden))?,)*)?
                ] $($field: $kind $(= $derived)? $(=> $nested)?,)*)
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                let $r = &self.0;
                #[allow(unused_mut)]
                let mut shown = vec![$(
                    format!("{}={}", stringify!($label), $crate::model::py_repr(py, $shown)?)
                ),*];
                $(if $condition {
                    $(shown.push(format!("{}={}", stringify!($more), $crate::model::py_repr(py, $more_shown)?));)*
                })?
                Ok(format!("{}({})", stringify!($name), shown.join(", ")))
            }

            $($($methods)*)?
        }
    };

    // `hash` defaults to what `==` compares.
    (@hashed $self:ident, $c:ident, $compared:expr) => {{
        let $c = &$self.0;
        $compared
    }};
    (@hashed $self:ident, $c:ident, $compared:expr, $h:ident, $hashed:expr) => {{
        let $h = &$self.0;
        $hashed
    }};

    // An attribute's Python value: a field through its kind, or a derived value as it is.
    (@value $self:ident, $py:ident, $json:expr, $v:ident, $field:ident, $kind:ty) => {
        <$kind as $crate::fields::Field>::to_py(&$self.0.$field, $py, $json)
    };
    (@value $self:ident, $py:ident, $json:expr, $v:ident, $field:ident, $kind:ty, = $derived:expr) => {{
        let $v = &$self.0;
        let value: $kind = $derived;
        pyo3::IntoPyObjectExt::into_bound_py_any(value, $py)
    }};
    (@value $self:ident, $py:ident, $json:expr, $v:ident, $field:ident, $kind:ty, => $nested:expr) => {{
        let $v = &$self.0;
        <$kind as $crate::fields::Field>::to_py(&$nested, $py, $json)
    }};

    // `from_dict`: the core value from the fields that are not derived, each read by its kind.
    (@restore $data:ident, $core:ident, [$($done:tt)*]) => {
        Ok(Self(seedance_assets::$core { $($done)* }))
    };
    (@restore $data:ident, $core:ident, [$($done:tt)*] $field:ident: $kind:ty = $derived:expr, $($rest:tt)*) => {
        $crate::model::model!(@restore $data, $core, [$($done)*] $($rest)*)
    };
    (@restore $data:ident, $core:ident, [$($done:tt)*] $field:ident: $kind:ty => $nested:expr, $($rest:tt)*) => {
        $crate::model::model!(@restore $data, $core, [$($done)*] $($rest)*)
    };
    (@restore $data:ident, $core:ident, [$($done:tt)*] $field:ident: $kind:ty, $($rest:tt)*) => {
        $crate::model::model!(@restore $data, $core, [
            $($done)* $field: <$kind as $crate::fields::Field>::restore($data, stringify!($field))?,
        ] $($rest)*)
    };
}

pub(crate) use model;
