//! The handlers `/config` and `/mode` have alike: a setting read and reset globally and per
//! subject. [`setting_handlers!`] writes them once; each module states what differs (the domain
//! module, the answer's type and how it is rendered, each operation's documentation, id and
//! answers) and writes its `PUT`s itself, whose bodies differ.

/// `get_global`, `delete_global`, `get_subject` and `delete_subject` of a setting: each calls its
/// domain counterpart (`global`, `reset_global`, `of_subject` with `defaultToGlobal`,
/// `remove_subject`) and renders the answer with `render`. The doc comment before each
/// operation is its summary and description, as on a hand-written handler.
///
/// The module that invokes it imports what the handlers name: `State`, `AppState`, `ApiResult`,
/// `Json`, `Params`, `Segments`, `tags`, `SubjectPath` and `DefaultToGlobalQuery`.
macro_rules! setting_handlers {
    (
        domain: $domain:ident, tag: $tag:ident, answer: $answer:ident, render: $render:ident;
        $(#[doc = $get_global_doc:tt])*
        get_global: $global:tt, $get_global_id:tt, responses($($get_global:tt)*);
        $(#[doc = $delete_global_doc:tt])*
        delete_global: $delete_global_id:tt, responses($($delete_global:tt)*);
        $(#[doc = $get_subject_doc:tt])*
        get_subject: $of_subject:tt, $get_subject_id:tt, responses($($get_subject:tt)*);
        $(#[doc = $delete_subject_doc:tt])*
        delete_subject: $delete_subject_id:tt, responses($($delete_subject:tt)*);
    ) => {
        setting_handlers!(@global [$(#[doc = $get_global_doc])*] get get_global = global;
            $global, $get_global_id, $tag, ($($get_global)*), $domain, $answer, $render);
        setting_handlers!(@global [$(#[doc = $delete_global_doc])*] delete delete_global =
            reset_global; $global, $delete_global_id, $tag, ($($delete_global)*), $domain, $answer,
            $render);

        $(#[doc = $get_subject_doc])*
        #[utoipa::path(
            get,
            path = $of_subject,
            operation_id = $get_subject_id,
            tag = tags::$tag,
            params(SubjectPath, DefaultToGlobalQuery),
            responses($($get_subject)*),
        )]
        pub async fn get_subject(
            State(state): State<AppState>,
            segments: Segments,
            params: Params,
        ) -> ApiResult<Json<$answer>> {
            let (subject, default) = (segments.subject(), params.flag(&["defaultToGlobal"]));
            Ok($render(
                $domain::of_subject(&state.registry, &subject, default).await?,
            ))
        }

        $(#[doc = $delete_subject_doc])*
        #[utoipa::path(
            delete,
            path = $of_subject,
            operation_id = $delete_subject_id,
            tag = tags::$tag,
            params(SubjectPath),
            responses($($delete_subject)*),
        )]
        pub async fn delete_subject(
            State(state): State<AppState>,
            segments: Segments,
        ) -> ApiResult<Json<$answer>> {
            let subject = segments.subject();
            Ok($render($domain::remove_subject(&state.registry, &subject).await?))
        }
    };
    // One global operation: no parameters, one call of the domain.
    (@global [$($doc:tt)*] $method:ident $name:ident = $call:ident;
        $path:tt, $id:tt, $tag:ident, ($($responses:tt)*), $domain:ident, $answer:ident,
        $render:ident) => {
        $($doc)*
        #[utoipa::path(
            $method,
            path = $path,
            operation_id = $id,
            tag = tags::$tag,
            responses($($responses)*),
        )]
        pub async fn $name(State(state): State<AppState>) -> ApiResult<Json<$answer>> {
            Ok($render($domain::$call(&state.registry).await?))
        }
    };
}

pub(crate) use setting_handlers;
