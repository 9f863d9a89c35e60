// Placeholder so the module builds; replaced by the shared test helpers.
enum _TestSupportPlaceholder {}
