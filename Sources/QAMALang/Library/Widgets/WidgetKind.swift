import JupyterKernel

/// The widget models the kernel opens, with the state ipywidgets 8 gives them (widget message protocol
/// 2.x: @jupyter-widgets/base 2.0.0, @jupyter-widgets/controls 2.0.0, @jupyter-widgets/output 1.0.0).
/// Each kind's `defaults` are ipywidgets 8.1's `get_state()` for a fresh instance (checked against
/// ipywidgets itself in e2e/test_widgets.py), so a front end never falls back to a default of its own.
enum WidgetKind: String, CaseIterable {
    case floatSlider = "FloatSlider", intSlider = "IntSlider", dropdown = "Dropdown", toggleButton = "ToggleButton"
    case button = "Button", label = "Label", hbox = "HBox", vbox = "VBox", output = "Output"
    case layout = "Layout"
    case sliderStyle = "SliderStyle", descriptionStyle = "DescriptionStyle", toggleButtonStyle = "ToggleButtonStyle"
    case buttonStyle = "ButtonStyle", labelStyle = "LabelStyle"

    static let base = ("@jupyter-widgets/base", "2.0.0")
    static let controls = ("@jupyter-widgets/controls", "2.0.0")
    static let outputModule = ("@jupyter-widgets/output", "1.0.0")

    /// The style model a control carries (`style: IPY_MODEL_…`), if any.
    var style: WidgetKind? {
        switch self {
        case .floatSlider, .intSlider: .sliderStyle
        case .dropdown: .descriptionStyle
        case .toggleButton: .toggleButtonStyle
        case .button: .buttonStyle
        case .label: .labelStyle
        default: nil
        }
    }

    /// Whether it is a DOM widget (has a `layout`).
    var hasLayout: Bool {
        switch self {
        case .layout, .sliderStyle, .descriptionStyle, .toggleButtonStyle, .buttonStyle, .labelStyle: false
        default: true
        }
    }

    /// The model/view identity keys.
    var identity: [String: JSON] {
        let isStyle = style == nil && !hasLayout && self != .layout
        let model = self == .output ? Self.outputModule : (self == .layout ? Self.base : Self.controls)
        let view = self == .output ? Self.outputModule : (self == .layout || isStyle ? Self.base : Self.controls)
        let viewName = switch self {
        case .layout: "LayoutView"
        case _ where isStyle: "StyleView"
        default: rawValue + "View"
        }
        return [
            "_model_module": .string(model.0), "_model_module_version": .string(model.1),
            "_model_name": .string(rawValue + "Model"),
            "_view_module": .string(view.0), "_view_module_version": .string(view.1), "_view_name": .string(viewName),
            "_view_count": .null,
        ]
    }

    /// A fresh widget's state (without `layout`/`style` references, which the hub fills in).
    var defaults: [String: JSON] {
        var s = identity
        let dom: [String: JSON] = ["_dom_classes": [], "tabbable": .null, "tooltip": .null]
        let described: [String: JSON] = ["description": "", "description_allow_html": false]
        let font: [String: JSON] = ["font_family": .null, "font_size": .null, "font_style": .null, "font_variant": .null,
                                    "font_weight": .null, "text_color": .null, "text_decoration": .null]
        func add(_ more: [String: JSON]) { s.merge(more) { _, new in new } }
        switch self {
        case .floatSlider, .intSlider:
            add(dom); add(described)
            let isInt = self == .intSlider
            add(["behavior": "drag-tap", "continuous_update": true, "disabled": false, "orientation": "horizontal",
                 "readout": true, "readout_format": isInt ? "d" : ".2f",
                 "max": isInt ? .int(100) : .double(100), "min": isInt ? .int(0) : .double(0),
                 "step": isInt ? .int(1) : .double(0.1), "value": isInt ? .int(0) : .double(0)])
        case .dropdown:
            add(dom); add(described)
            add(["_options_labels": [], "disabled": false, "index": .null])
        case .toggleButton:
            add(dom); add(described)
            add(["button_style": "", "disabled": false, "icon": "", "value": false])
        case .button:
            add(dom)
            add(["button_style": "", "description": "", "disabled": false, "icon": ""])
        case .label:
            add(dom); add(described)
            add(["placeholder": "\u{200b}", "value": ""])
        case .hbox, .vbox:
            add(dom)
            add(["box_style": "", "children": []])
        case .output:
            add(dom)
            add(["msg_id": "", "outputs": []])
        case .layout:
            for key in Self.layoutKeys { s[key] = .null }
        case .sliderStyle: add(["description_width": "", "handle_color": .null])
        case .descriptionStyle: add(["description_width": ""])
        case .toggleButtonStyle: add(["description_width": ""]); add(font)
        case .buttonStyle: add(["button_color": .null]); add(font)
        case .labelStyle: add(["background": .null, "description_width": ""]); add(font)
        }
        return s
    }

    static let layoutKeys = [
        "align_content", "align_items", "align_self", "border_bottom", "border_left", "border_right", "border_top",
        "bottom", "display", "flex", "flex_flow", "grid_area", "grid_auto_columns", "grid_auto_flow", "grid_auto_rows",
        "grid_column", "grid_gap", "grid_row", "grid_template_areas", "grid_template_columns", "grid_template_rows",
        "height", "justify_content", "justify_items", "left", "margin", "max_height", "max_width", "min_height",
        "min_width", "object_fit", "object_position", "order", "overflow", "padding", "right", "top", "visibility", "width",
    ]
}
