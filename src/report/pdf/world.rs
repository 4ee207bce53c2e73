//! The typst "world" the PDF is typeset in: one generated source file, the images it names,
//! and the fonts built into tally (assets/fonts) — nothing is read from the machine, so the
//! PDF comes out the same everywhere.

use std::collections::BTreeMap;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::Library;

/// The fonts built into tally.
const FONTS: [&[u8]; 5] = [
    include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf"),
    include_bytes!("../../../assets/fonts/NotoNaskhArabic-Regular.ttf"),
    include_bytes!("../../../assets/fonts/NotoNaskhArabic-Bold.ttf"),
    include_bytes!("../../../assets/fonts/DejaVuSansMono.ttf"),
];

/// A source, its images and the built-in fonts.
pub(super) struct World {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    files: BTreeMap<FileId, Bytes>,
}

impl World {
    /// A world with `markup` as its main file and `images` by virtual path (`/img/1.png`).
    pub fn new(markup: String, images: Vec<(String, Vec<u8>)>) -> World {
        let fonts: Vec<Font> = FONTS
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        let main_id = FileId::new(None, VirtualPath::new("/main.typ"));
        World {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main: Source::new(main_id, markup),
            files: images
                .into_iter()
                .map(|(p, b)| (FileId::new(None, VirtualPath::new(&p)), Bytes::new(b)))
                .collect(),
        }
    }
}

impl typst::World for World {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.vpath().as_rootless_path().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        None
    }
}
