//! A case export as an Excel workbook, written in rust_xlsxwriter's
//! constant-memory mode: each row goes to a temporary file as it is
//! written, so memory holds one page of cases, not the sheet.

use std::io::{Seek, SeekFrom};

use anyhow::Context;
use rust_xlsxwriter::Workbook;
use sea_orm::DatabaseConnection;
use tokio::runtime::Handle;

use super::{
    Filter,
    export::{self, HEADER},
};
use crate::domain::{geo::Geography, scope::CaseScope};

/// Rows a worksheet holds below its header.
pub const MAX_ROWS: u64 = 1_048_575;

/// Column of the child's age, written as a number.
const AGE_COLUMN: usize = 5;

/// Writes the workbook into a new temporary file and rewinds it. Runs on a
/// blocking thread: it reads the pages through `runtime`.
pub fn write(
    runtime: &Handle,
    db: &DatabaseConnection,
    geo: &Geography,
    scope: &CaseScope,
    filter: &Filter,
) -> anyhow::Result<std::fs::File> {
    let mut workbook = Workbook::new();
    let sheet = workbook
        .add_worksheet_with_constant_memory()
        .context("adding a constant-memory worksheet")?;
    sheet.set_name("Cases").context("naming the worksheet")?;
    for (col, title) in HEADER.iter().enumerate() {
        sheet.write_string(0, col as u16, *title)?;
    }

    let mut row_number: u32 = 1;
    let mut after = None;
    loop {
        let rows = runtime
            .block_on(export::page(db, scope, filter, after))
            .context("reading a page of cases")?;
        let Some(last) = rows.last() else { break };
        after = Some(last.key());
        for row in &rows {
            for (col, cell) in export::cells(row, geo).into_iter().enumerate() {
                if col == AGE_COLUMN {
                    sheet.write_number(row_number, col as u16, row.case.child_age_years)?;
                } else if !cell.is_empty() {
                    sheet.write_string(row_number, col as u16, cell)?;
                }
            }
            row_number += 1;
        }
        if (rows.len() as u64) < export::PAGE {
            break;
        }
    }

    let mut file = tempfile::tempfile().context("creating the export file")?;
    workbook
        .save_to_writer(&mut file)
        .context("writing the workbook")?;
    file.seek(SeekFrom::Start(0))?;
    Ok(file)
}
