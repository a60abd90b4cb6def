import CCairo
import Foundation

/// The file formats a figure renders to.
public enum OutputFormat: String, CaseIterable, Sendable {
    case png, pdf, svg

    /// The format named by a file extension (`png`, `pdf`, `svg`, any case), or nil.
    public init?(fileExtension: String) {
        self.init(rawValue: fileExtension.lowercased())
    }

    public var fileExtension: String { rawValue }
}

/// An error while producing a figure file.
public enum PlotError: Error, CustomStringConvertible, Equatable {
    case unknownFormat(String)
    case cairo(String)

    public var description: String {
        switch self {
        case .unknownFormat(let ext):
            return
                "cannot tell the figure format from the extension '\(ext)' — "
                + "use .png, .pdf or .svg"
        case .cairo(let status): return "cairo failed: \(status)"
        }
    }
}

/// Runs a drawing closure on a fresh cairo surface of the requested format and returns the bytes.
enum CairoOutput {
    /// Accumulates the bytes cairo streams out.
    private final class Sink {
        var data = Data()
    }

    private static let write: cairo_write_func_t = { closure, bytes, length in
        guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
        let sink = Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue()
        sink.data.append(bytes, count: Int(length))
        return CAIRO_STATUS_SUCCESS
    }

    /// - Parameters:
    ///   - size: canvas size in points.
    ///   - scale: device pixels per point, for PNG only.
    static func render(
        size: Size, format: OutputFormat, scale: Double, title: String?,
        draw: (CairoRenderer) -> Void
    ) throws -> Data {
        let sink = Sink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        let surface: OpaquePointer?
        switch format {
        case .png:
            surface = cairo_image_surface_create(
                CAIRO_FORMAT_ARGB32, Int32((size.width * scale).rounded()),
                Int32((size.height * scale).rounded()))
        case .pdf:
            surface = cairo_pdf_surface_create_for_stream(write, closure, size.width, size.height)
            if let surface {
                cairo_pdf_surface_set_metadata(
                    surface, CAIRO_PDF_METADATA_CREATOR, "dlstudy DLPlot")
                if let title {
                    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
                }
                // Cairo stamps the current time; honour SOURCE_DATE_EPOCH (the reproducible-
                // builds convention) so a fixed epoch gives byte-identical PDFs.
                if let date = Self.sourceDate() {
                    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date)
                }
            }
        case .svg:
            surface = cairo_svg_surface_create_for_stream(write, closure, size.width, size.height)
            if let surface { cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PT) }
        }
        guard let surface else { throw PlotError.cairo("could not create a \(format) surface") }
        defer { cairo_surface_destroy(surface) }
        try check(cairo_surface_status(surface))

        guard let cr = cairo_create(surface) else {
            throw PlotError.cairo("could not create a context")
        }
        let pixelScale = format == .png ? scale : 1
        cairo_scale(cr, pixelScale, pixelScale)
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_GRAY)
        // White page: transparent PNGs look broken on dark viewers.
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        let renderer = CairoRenderer(
            context: cr, size: size, scale: pixelScale, isRaster: format == .png)
        draw(renderer)
        let status = cairo_status(cr)
        cairo_destroy(cr)
        try check(status)

        if format == .png {
            try check(cairo_surface_write_to_png_stream(surface, write, closure))
        } else {
            cairo_surface_finish(surface)
            try check(cairo_surface_status(surface))
        }
        return sink.data
    }

    /// `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) as cairo's ISO 8601 metadata date, or nil.
    static func sourceDate(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let text = environment["SOURCE_DATE_EPOCH"], let seconds = Int64(text) else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    private static func check(_ status: cairo_status_t) throws {
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.cairo(String(cString: cairo_status_to_string(status)))
        }
    }
}
